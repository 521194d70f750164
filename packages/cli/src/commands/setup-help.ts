// The help of `genlab setup`, apart from the command: main.ts lists it without loading the
// verification code (which reaches into @genlab/train's bench folder).
export const SETUP_HELP = `genlab setup gpu | genlab setup tensorflow

Installs a TensorFlow binding at the version genlab pins, then verifies it on this machine before
backend auto may use it:
  gpu          @tensorflow/tfjs-node-gpu: libtensorflow 2.9.1 for CUDA 11.2 and cuDNN 8.1. Needs an
               NVIDIA GPU (nvidia-smi must list one) and those CUDA libraries.
  tensorflow   @tensorflow/tfjs-node: libtensorflow 2.9.1 on the CPU.
Steps: (gpu: nvidia-smi lists a GPU) -> npm install in a staging folder, whose install script
downloads libtensorflow -> only if that worked, the binding is added to node_modules without
touching package.json or package-lock.json -> (gpu: libtensorflow creates a GPU device) -> 20
training steps of the paper GAN and VAE agree with native (or wasm) within the native kernels'
own test tolerance -> one bench row -> recorded under the binding's version and the GPU driver
(node_modules/.cache/genlab/tensorflow-verified.json). Anything failing before the binding is
added changes nothing. \`npm ci\` removes the binding and its record again.`;
