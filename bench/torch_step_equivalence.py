# The other half of packages/train/src/torch-equivalence.test.ts: the same training steps as
# genlab's, in PyTorch, on the weights, batches and noise genlab wrote.
#
# usage: /usr/bin/python3 bench/torch_step_equivalence.py <folder>
#   reads  <folder>/case.json and <folder>/tensors.bin (float32, little-endian)
#   writes <folder>/torch.json and <folder>/torch.bin
#
# The networks are not written out here: they are rebuilt from genlab's own layer list
# (Dense, Conv2D, Conv2DTranspose, LeakyReLU, Reshape, Flatten, and the VAE's two heads), with
# the weights kept in Keras' layout so gradients compare element by element. Activations flow
# as NCHW, with TensorFlow's "same" padding (the extra row and column go after, where PyTorch's
# symmetric padding would shift the image by one pixel) and Keras' NHWC order at Flatten and
# Reshape. So any difference that remains is in the training step itself.
import json, sys
import numpy as np
import torch
import torch.nn.functional as F

folder = sys.argv[1]
case = json.load(open(f'{folder}/case.json'))
blob = np.fromfile(f'{folder}/tensors.bin', dtype='<f4')
torch.set_num_threads(int(case.get('threads', 1)))


def tensor(ref):
    """A float32 tensor from an {offset, shape} reference into tensors.bin."""
    n = int(np.prod(ref['shape'])) if ref['shape'] else 1
    return torch.from_numpy(blob[ref['offset']:ref['offset'] + n].copy()).reshape(ref['shape'])


def same_padding(size, kernel, stride):
    """TensorFlow's SAME padding of one spatial axis: (before, after, output size)."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2, out


def activate(x, name):
    if name in (None, 'linear'): return x
    if name == 'tanh': return torch.tanh(x)
    if name == 'sigmoid': return torch.sigmoid(x)
    if name == 'relu': return F.relu(x)
    raise ValueError(f'activation {name} is not mirrored here')


class Network:
    """genlab's layer list as a function of NCHW activations, with Keras-layout parameters."""

    def __init__(self, spec):
        self.layers = spec['layers']
        self.heads = spec.get('heads', [])
        self.params = []
        for layer in self.layers + self.heads:
            layer['params'] = [tensor(w).requires_grad_(True) for w in layer['weights']]
            self.params += layer['params']

    def __call__(self, x):
        for layer in self.layers:
            x = apply(layer, x)
        return [apply(h, x) for h in self.heads] if self.heads else x


def apply(layer, x):
    kind, cfg, p = layer['className'], layer['config'], layer['params']
    if kind == 'Dense':
        return activate(x @ p[0] + p[1], cfg.get('activation'))
    if kind == 'LeakyReLU':
        return F.leaky_relu(x, cfg['alpha'])
    if kind == 'Flatten':  # Keras flattens NHWC
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
    if kind == 'Reshape':
        h, w, c = cfg['targetShape']
        return x.reshape(x.shape[0], h, w, c).permute(0, 3, 1, 2)
    k, s = cfg['kernelSize'][0], cfg['strides'][0]
    assert cfg['padding'] == 'same' and cfg['kernelSize'][0] == cfg['kernelSize'][1] and cfg['strides'][0] == cfg['strides'][1]
    if kind == 'Conv2D':  # kernel [k, k, in, out] -> [out, in, k, k]
        top, bottom, _ = same_padding(x.shape[2], k, s)
        left, right, _ = same_padding(x.shape[3], k, s)
        y = F.conv2d(F.pad(x, (left, right, top, bottom)), p[0].permute(3, 2, 0, 1), p[1], stride=s)
        return activate(y, cfg.get('activation'))
    if kind == 'Conv2DTranspose':  # kernel [k, k, out, in] -> [in, out, k, k]; crop what SAME padded
        h, w = x.shape[2] * s, x.shape[3] * s
        top, _, _ = same_padding(h, k, s)
        left, _, _ = same_padding(w, k, s)
        full = F.conv_transpose2d(x, p[0].permute(3, 2, 0, 1), None, stride=s)
        y = full[:, :, top:top + h, left:left + w] + p[1].reshape(1, -1, 1, 1)
        return activate(y, cfg.get('activation'))
    raise ValueError(f'layer {kind} is not mirrored here')


def nchw(t):
    return t.permute(0, 3, 1, 2)


nets = {name: Network(spec) for name, spec in case['networks'].items()}
opt = case['optimizer']


def adam(params):
    return torch.optim.Adam(params, lr=opt['learningRate'], betas=(opt['beta1'], opt['beta2']), eps=opt['epsilon'])


def d_loss(step):
    fake = nets['generator'](step['noiseD'])
    real = nchw(step['real'])
    logits = nets['discriminator'](torch.cat([fake, real]))
    labels = torch.cat([torch.zeros(fake.shape[0], 1), torch.full((real.shape[0], 1), 1 - case['labelSmoothing'])])
    return F.binary_cross_entropy_with_logits(logits, labels)


def g_loss(step):
    logits = nets['discriminator'](nets['generator'](step['noiseG']))
    return F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))


def vae_loss(step):
    x = nchw(step['images'])
    mean, log_var = nets['encoder'](x)
    z = mean + torch.exp(0.5 * log_var) * step['eps']
    x_hat = nets['decoder'](z)
    q = x_hat.clamp(1e-7, 1 - 1e-7)
    reconstruction = -(x * torch.log(q) + (1 - x) * torch.log(1 - q)).sum(dim=(1, 2, 3)).mean()
    kl = (0.5 * (torch.exp(log_var) + mean ** 2 - 1 - log_var).sum(dim=1)).mean()
    return reconstruction + case['klWeight'] * kl


def gradients(loss, params):
    return [g.detach() for g in torch.autograd.grad(loss, params)]


steps = [{k: tensor(v) for k, v in s.items()} for s in case['steps']]
out_tensors, losses = [], []
if case['kind'] == 'gan':
    d_params, g_params = nets['discriminator'].params, nets['generator'].params
    # Gradients at the initial weights, each w.r.t. the network its step updates.
    out_tensors += gradients(d_loss(steps[0]), d_params) + gradients(g_loss(steps[0]), g_params)
    opt_d, opt_g = adam(d_params), adam(g_params)
    for step in steps:  # one discriminator update, then one generator update (as genlab's trainer)
        opt_d.zero_grad(); ld = d_loss(step); ld.backward(inputs=d_params); opt_d.step()
        opt_g.zero_grad(); lg = g_loss(step); lg.backward(inputs=g_params); opt_g.step()
        losses.append([ld.item(), lg.item()])
    out_tensors += [p.detach() for p in d_params + g_params]
else:
    params = nets['encoder'].params + nets['decoder'].params
    out_tensors += gradients(vae_loss(steps[0]), params)
    opt_v = adam(params)
    for step in steps:
        opt_v.zero_grad(); lv = vae_loss(step); lv.backward(inputs=params); opt_v.step()
        losses.append([lv.item()])
    out_tensors += [p.detach() for p in params]

flat = np.concatenate([t.reshape(-1).numpy().astype('<f4') for t in out_tensors])
flat.tofile(f'{folder}/torch.bin')
json.dump({'losses': losses, 'torch': torch.__version__, 'sizes': [int(t.numel()) for t in out_tensors]}, open(f'{folder}/torch.json', 'w'))
