#!/usr/bin/env python3
"""PyTorch reference with Restyle's own loss definition (run by `npm run bench`; needs torch only).

Same network and maths as src/engine: VGG19 caffe convention (BGR, 0-255 minus the ImageNet mean),
3x3 'same' convs + ReLU, 2x2 max pool, Gram = F F^T / (C*H*W), style = sum_l w_l * mean((G-A)^2),
content = mean((F-P)^2), tv = mean(dy^2) + mean(dx^2), total = content + ratio*style + tv_weight*tv.

  iter    --preset lite|full --sizes 128 256 [--iters 5] [--weights DIR] [--device cpu|cuda]
          ms per iteration (forward + backward to the pixels). Layers absent from DIR (blocks 4-5 in
          ../shared/vgg19) get seeded He-init weights: speed does not depend on the values.
  quality --content C.bin --style S.bin --evals 300 --ratio R --weights DIR
          From the content image, what a careful user runs: torch.optim.LBFGS with its strong-Wolfe
          line search, the [0,255] box by projection (every evaluation at the clamped point, the
          gradient's outward component zeroed at a bound), the best iterate kept. One JSON line
          with the loss after every evaluation and the seconds spent.
          C.bin/S.bin: float32 RGB 0-255, HxWx3, with a JSON sidecar C.bin.json
          {"width":..,"height":..} written by the Node bench, so both sides see the same pixels.
  probe   [--size 128]  one 3x3 64->64 conv forward at size x size, best of 5: GFLOP/s, so a slow
          build shows in the report (the bench names the host's CPU itself).
One JSON object per line on stdout.
"""
import argparse, json, os, statistics, sys, time
import torch
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get('TORCH_THREADS', os.cpu_count() or 2)))
# With 0-255 caffe-scale inputs the backward pass produces denormal floats, which x86 handles
# ~10x slower (measured: 2.4 s vs 0.24 s per full-preset iteration at 128 px). Flushing them to
# zero changes no result that matters and makes this a fair reference.
torch.set_flush_denormal(True)

BLOCKS = [(2, 64), (2, 128), (4, 256), (4, 512), (4, 512)]
PRESETS = {
    'lite': ({'conv1_1': 1, 'conv2_1': 1, 'conv3_1': 1}, 'conv3_2'),
    'full': ({'conv1_1': 1, 'conv2_1': 1, 'conv3_1': 1, 'conv4_1': 1, 'conv5_1': 1}, 'conv4_2'),
}
MEAN_BGR = torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1)


def layer_table():
    out, cin = [], 3
    for b, (n, c) in enumerate(BLOCKS):
        for i in range(1, n + 1):
            out.append((f'conv{b + 1}_{i}', f'block{b + 1}_conv{i}', cin, c, i == n))
            cin = c
    return out


def load_net(names, weights_dir, device, seed=1):
    """[(name, weight OIHW, bias, pool_after)] up to the deepest of `names`."""
    table = layer_table()
    deepest = max(i for i, l in enumerate(table) if l[0] in names)
    g = torch.Generator().manual_seed(seed)
    net, real = [], []
    for name, keras, cin, cout, pool in table[:deepest + 1]:
        path = os.path.join(weights_dir, keras + '.bin') if weights_dir else ''
        if path and os.path.exists(path):
            raw = torch.frombuffer(bytearray(open(path, 'rb').read()), dtype=torch.float32)
            k = raw[:9 * cin * cout].view(3, 3, cin, cout).permute(3, 2, 0, 1).contiguous()
            b = raw[9 * cin * cout:].clone()
            real.append(name)
        else:
            k = torch.randn(cout, cin, 3, 3, generator=g) * (2.0 / (9 * cin)) ** 0.5
            b = torch.zeros(cout)
        net.append((name, k.to(device), b.to(device), pool))
    return net, real


def features(net, rgb, taps):
    x = rgb.flip(1) - MEAN_BGR.to(rgb.device)  # RGB -> BGR, minus mean
    out = {}
    for i, (name, k, b, pool) in enumerate(net):
        x = F.relu(F.conv2d(x, k, b, padding=1))
        if name in taps:
            out[name] = x
        if pool and i < len(net) - 1:
            x = F.max_pool2d(x, 2, 2)
    return out


def gram(f):
    _, c, h, w = f.shape
    m = f.reshape(c, h * w)
    return m @ m.t() / (c * h * w)


def tv(x):
    return ((x[:, :, 1:, :] - x[:, :, :-1, :]) ** 2).mean() + ((x[:, :, :, 1:] - x[:, :, :, :-1]) ** 2).mean()


class Objective:
    def __init__(self, net, preset, content, style, ratio, tv_weight):
        self.net, self.ratio, self.tv_weight = net, ratio, tv_weight
        self.style_layers, self.content_layer = PRESETS[preset]
        self.taps = set(self.style_layers) | {self.content_layer}
        with torch.no_grad():
            self.p = features(net, content, self.taps)[self.content_layer]
            fs = features(net, style, self.taps)
            self.a = {l: gram(fs[l]) for l in self.style_layers}

    def __call__(self, x):
        f = features(self.net, x, self.taps)
        c = ((f[self.content_layer] - self.p) ** 2).mean()
        s = sum(w * ((gram(f[l]) - self.a[l]) ** 2).mean() for l, w in self.style_layers.items())
        t = tv(x)
        return c + self.ratio * s + self.tv_weight * t, (float(c), float(s) * self.ratio, float(t) * self.tv_weight)


def synthetic(size, device):
    lin = torch.linspace(0, 1, size)
    yy, xx = lin.view(1, 1, size, 1), lin.view(1, 1, 1, size)
    ch = torch.tensor([1.0, 2.0, 3.0]).view(1, 3, 1, 1)
    content = 127.5 + 100 * torch.sin(xx * ch * 4) * torch.cos(yy * ch * 3)
    style = 127.5 + 120 * torch.sin((xx + yy * 0.5) * ch * 40)
    return content.to(device), style.to(device)


def sync(device):
    if device == 'cuda':
        torch.cuda.synchronize()


def bench_iter(a):
    taps = set(PRESETS[a.preset][0]) | {PRESETS[a.preset][1]}
    net, real = load_net(taps, a.weights, a.device)
    for size in a.sizes:
        content, style = synthetic(size, a.device)
        obj = Objective(net, a.preset, content, style, 100.0, 1e-4)
        img = content.clone().requires_grad_(True)
        times = []
        for _ in range(a.iters + a.warmup):
            sync(a.device)
            t0 = time.perf_counter()
            img.grad = None
            loss, _ = obj(img)
            loss.backward()
            _ = img.grad.sum().item()
            sync(a.device)
            times.append((time.perf_counter() - t0) * 1e3)
        t = times[a.warmup:]
        row = {'impl': f'pytorch-{a.device}', 'preset': a.preset, 'size': size, 'median_ms': round(statistics.median(t), 1),
               'min_ms': round(min(t), 1), 'n': len(t), 'warmup_ms': [round(x, 1) for x in times[:a.warmup]],
               'threads': torch.get_num_threads(), 'torch': torch.__version__, 'real_layers': real}
        if a.device == 'cuda':
            row['gpu'] = torch.cuda.get_device_name(0)
            row['peak_gpu_bytes'] = torch.cuda.max_memory_allocated()
        print(json.dumps(row), flush=True)


def read_rgb(path, device):
    meta = json.load(open(path + '.json'))
    raw = torch.frombuffer(bytearray(open(path, 'rb').read()), dtype=torch.float32)
    return raw.view(1, meta['height'], meta['width'], 3).permute(0, 3, 1, 2).contiguous().to(device)


def box_lbfgs(obj, img, evals, trace, t0):
    """torch.optim.LBFGS + strong Wolfe on f(P(x)), projected gradient, best iterate kept."""
    x = img.clone().requires_grad_(True)
    best = {'loss': float('inf'), 'x': None}

    def closure():
        with torch.no_grad():
            xc = x.clamp(0, 255)
        xc.requires_grad_(True)
        loss, _ = obj(xc)
        g, = torch.autograd.grad(loss, xc)
        with torch.no_grad():
            outward = ((xc <= 0) & (g > 0)) | ((xc >= 255) & (g < 0))
            x.grad = g.masked_fill(outward, 0)
        v = float(loss)
        if v < best['loss']:
            best['loss'], best['x'] = v, xc.detach().clone()
        trace.append([len(trace) + 1, round(time.perf_counter() - t0, 3), v])
        return loss.detach()

    opt = torch.optim.LBFGS([x], lr=1, max_iter=evals, max_eval=evals, history_size=100,
                            tolerance_grad=0, tolerance_change=0, line_search_fn='strong_wolfe')
    # The search ends early when a step changes nothing (a step of 0): start it again from there,
    # a few times, while evaluations are left.
    for _ in range(4):
        left = evals - len(trace)
        if left <= 1:
            break
        opt.param_groups[0]['max_iter'] = opt.param_groups[0]['max_eval'] = left
        before = len(trace)
        opt.step(closure)
        if len(trace) - before <= 2:
            break
    return best['x']


def quality(a):
    content, style = read_rgb(a.content, a.device), read_rgb(a.style, a.device)
    taps = set(PRESETS[a.preset][0]) | {PRESETS[a.preset][1]}
    net, real = load_net(taps, a.weights, a.device)
    obj = Objective(net, a.preset, content, style, a.ratio, a.tv_weight)
    trace = []
    t0 = time.perf_counter()
    best = box_lbfgs(obj, content, a.evals, trace, t0)
    with torch.no_grad():
        final, parts = obj(best)
    print(json.dumps({'impl': f'pytorch-{a.device}', 'mode': 'quality', 'method': 'wolfe',
                      'label': 'L-BFGS, strong Wolfe, box by projection, best kept',
                      'preset': a.preset, 'width': content.shape[3], 'height': content.shape[2],
                      'evals': len(trace), 'seconds': round(time.perf_counter() - t0, 2), 'initial_loss': trace[0][2],
                      'final_loss': float(final), 'final_parts': parts,
                      'best_loss': min(t[2] for t in trace), 'threads': torch.get_num_threads(),
                      'real_layers': real, 'trace': trace}), flush=True)


def probe(a):
    x = torch.rand(1, 64, a.size, a.size) * 100
    k = torch.randn(64, 64, 3, 3) * 0.05
    times = []
    with torch.no_grad():
        for _ in range(7):
            t0 = time.perf_counter()
            F.conv2d(x, k, padding=1).sum().item()
            times.append(time.perf_counter() - t0)
    flop = 2 * 9 * 64 * 64 * a.size * a.size
    print(json.dumps({'impl': 'pytorch-cpu', 'mode': 'probe', 'conv': f'3x3 64->64 {a.size}x{a.size}',
                      'gflops': round(flop / min(times[2:]) / 1e9, 1), 'threads': torch.get_num_threads(),
                      'torch': torch.__version__, 'mkldnn': torch.backends.mkldnn.is_available()}), flush=True)


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['iter', 'quality', 'probe'])
    ap.add_argument('--preset', default='lite', choices=list(PRESETS))
    ap.add_argument('--sizes', type=int, nargs='+', default=[128, 256, 512])
    ap.add_argument('--iters', type=int, default=5)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--weights', default='')
    ap.add_argument('--device', default='cpu', choices=['cpu', 'cuda'])
    ap.add_argument('--content')
    ap.add_argument('--style')
    ap.add_argument('--evals', type=int, default=300)
    ap.add_argument('--ratio', type=float, default=10.0)
    ap.add_argument('--tv-weight', type=float, default=1e-4)
    ap.add_argument('--size', type=int, default=128)
    a = ap.parse_args()
    if a.device == 'cuda' and not torch.cuda.is_available():
        sys.exit('CUDA is not available to this torch build')
    {'iter': bench_iter, 'quality': quality, 'probe': probe}[a.mode](a)
