"""PyTorch mirror of pase4j's encoder and workers (org.pase4j.model).

The same weights give the same outputs, losses and gradients as pase4j (``TorchParityTest`` checks it),
and every module's ``state_dict()`` keys are the keys of pase4j's ``.npz`` export (docs/interop.md),
so that ``PaseTorch(config).load_state_dict(weights)`` works as is. Configurations are train.yaml
mappings: ``encoder_model`` with the same keys and defaults (the recipe's), ``workers_config`` and one
``<name>_model`` per worker.

Tensors are channels first, like pase4j: waveforms ``(B, 1, T)``, embeddings ``(B, emb_dim, frames)``.
A training batch stacks ``[anchor; positive; negative]`` chunks: ``3B`` rows.
"""

import math
import re

import torch
import torch.nn.functional as F
from torch import nn

SAMPLE_RATE = 16000.0
MIN_LOW_HZ = 50.0
MIN_BAND_HZ = 50.0

ENCODER_DEFAULTS = {
    "use_sincnet": True,
    "use_qrnn": True,
    "use_skip_conns": True,
    "last_block_skip_conn": True,
    "in_channels": 1,
    "blocks_channels": [64, 64, 128, 128, 256, 256, 512, 512, 100],
    "blocks_kernel_sizes": [251, 21, 11, 11, 11, 11, 11, 11, 1],
    "blocks_strides": [1, 10, 2, 1, 2, 1, 2, 2, 1],
    "qrnn_hidden_neurons": 512,
    "per_channel_prelu": False,
    "padding": "recipe",
    "sinc_mel_start_hz": 50.0,
    "batch_norm": True,
}
"""The recipe's ``encoder_model`` (SincConv + QRNN + skips), pase4j's ``EncoderConfig.recipe()``."""

OFFICIAL_PASE = dict(
    ENCODER_DEFAULTS,
    use_qrnn=False,
    use_skip_conns=False,
    last_block_skip_conn=False,
    blocks_kernel_sizes=[251, 20, 11, 11, 11, 11, 11, 11, 1],
    per_channel_prelu=True,
    padding="official",
    sinc_mel_start_hz=30.0,
)
"""Plain PASE (2019), pase4j's ``EncoderConfig.officialPase()``."""


def _options(section, values, known):
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"{section}: unknown key '{unknown[0]}', expected one of {sorted(known)}")
    return values


def resolve_references(config):
    """Resolves train.yaml's ``${key}`` references (``a.b`` for nested keys) like pase4j's ConfigFile.

    A value that is exactly ``${key}`` takes that key's value with its type; a reference inside a longer
    string is replaced by the value's text. Returns a new mapping.
    """
    pattern = re.compile(r"\$\{([A-Za-z0-9_.]+)}")

    def lookup(path, chain):
        if path in chain:
            raise ValueError("reference cycle: ${" + "} -> ${".join(chain + [path]) + "}")
        node = config
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node:
                raise ValueError("reference ${" + path + "}: no such key")
            node = node[key]
        return resolve(node, chain + [path])

    def resolve(value, chain):
        if isinstance(value, dict):
            return {k: resolve(v, chain) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v, chain) for v in value]
        if not isinstance(value, str):
            return value
        whole = pattern.fullmatch(value)
        if whole:
            return lookup(whole.group(1), chain)
        return pattern.sub(lambda m: str(lookup(m.group(1), chain)), value)

    return resolve(config, [])


def reflect_pad(x, left, right):
    """Pads the last axis by mirror reflection without repeating the edge (``mode='reflect'``)."""
    if left == 0 and right == 0:
        return x
    if left >= x.shape[-1] or right >= x.shape[-1]:
        raise ValueError(f"reflect padding of {left}+{right} needs more than {max(left, right)} samples, "
                         f"got {x.shape[-1]}")
    return F.pad(x, (left, right), mode="reflect")


class SincConv(nn.Module):
    """SincNet band-pass filters with learned low cut-offs and bandwidths (``low_hz``, ``band_hz``).

    Filter i is the difference of two Hamming-windowed sinc low-pass filters between
    ``low = 50 + |low_hz|`` and ``high = clamp(low + 50 + |band_hz|, 50, 8000)``, divided by ``2 (high - low)``;
    reflect "same" padding, no bias.
    """

    def __init__(self, filters, kernel, mel_start_hz, stride, pad_left, pad_right):
        super().__init__()
        if kernel % 2 == 0:
            raise ValueError(f"SincConv kernel {kernel}, expected an odd size")
        self.filters, self.kernel, self.stride = filters, kernel, stride
        self.pad_left, self.pad_right = pad_left, pad_right
        lows, bands = self._mel_edges(filters, mel_start_hz)
        self.low_hz = nn.Parameter(torch.tensor(lows, dtype=torch.float32).view(filters, 1))
        self.band_hz = nn.Parameter(torch.tensor(bands, dtype=torch.float32).view(filters, 1))
        half = kernel // 2
        i = torch.arange(half, dtype=torch.float64)
        half_time = 2 * math.pi * (i - half) / SAMPLE_RATE
        lin = i * ((kernel / 2.0 - 1) / (half - 1))
        half_window = 0.54 - 0.46 * torch.cos(2 * math.pi * lin / kernel)
        self.register_buffer("half_time", half_time.float().view(1, half), persistent=False)
        self.register_buffer("half_window", half_window.float().view(1, half), persistent=False)

    @staticmethod
    def _mel_edges(filters, mel_start_hz):
        def to_mel(hz):
            return 2595 * math.log10(1 + hz / 700)

        mel_low = to_mel(mel_start_hz)
        mel_high = to_mel(SAMPLE_RATE / 2 - (MIN_LOW_HZ + MIN_BAND_HZ))
        hz = [700 * (10 ** ((mel_low + (mel_high - mel_low) * i / filters) / 2595) - 1) for i in range(filters + 1)]
        return hz[:-1], [hz[i + 1] - hz[i] for i in range(filters)]

    def filter_bank(self):
        """The current filters, ``(filters, 1, kernel)``."""
        t, window = self.half_time, self.half_window
        low = self.low_hz.abs() + MIN_LOW_HZ
        high = torch.clamp(low + self.band_hz.abs() + MIN_BAND_HZ, MIN_LOW_HZ, SAMPLE_RATE / 2)
        width = high - low
        left = (torch.sin(high * t) - torch.sin(low * t)) / (t / 2) * window
        bank = torch.cat([left, width * 2, left.flip(1)], 1) / (width * 2)
        return bank.view(self.filters, 1, self.kernel)

    def forward(self, x):
        return F.conv1d(reflect_pad(x, self.pad_left, self.pad_right), self.filter_bank(), stride=self.stride)


class ConvBlock(nn.Module):
    """Reflect padding, convolution (or SincConv, which pads itself), BatchNorm (unless turned off), PReLU."""

    def __init__(self, conv, pad_left, pad_right, channels, act, batch_norm=True):
        super().__init__()
        self.conv = conv
        self.bn = nn.BatchNorm1d(channels) if batch_norm else nn.Identity()
        self.act = act
        self.pad_left, self.pad_right = pad_left, pad_right

    def forward(self, x):
        return self.act(self.bn(self.conv(reflect_pad(x, self.pad_left, self.pad_right))))


class Qrnn(nn.Module):
    """One QRNN layer, window 2: gates from a width-2 convolution over ``[x_{t-1}, x_t]`` (zero before t = 0),
    ``z = tanh``, ``f, o = sigmoid``, ``c_t = f_t c_{t-1} + (1 - f_t) z_t``, ``h_t = o_t c_t``."""

    def __init__(self, inputs, hidden):
        super().__init__()
        self.hidden = hidden
        self.gates = nn.Conv1d(inputs, 3 * hidden, 2)

    def forward(self, x):
        g = self.gates(F.pad(x, (1, 0)))
        z, f, o = g.split(self.hidden, dim=1)
        f = torch.sigmoid(f)
        update = ((1 - f) * torch.tanh(z)).permute(2, 0, 1)
        forget = f.permute(2, 0, 1)
        c = update[0]
        states = [c]
        for t in range(1, update.shape[0]):
            c = forget[t] * c + update[t]
            states.append(c)
        return torch.stack(states, 2) * torch.sigmoid(o)


def time_pool(skip, frames, factor):
    """Averages ``(B, E, T)`` over ``frames`` consecutive groups of ``factor`` steps, as pase4j's skip
    connections do; a last group that runs past the end averages the steps there are."""
    b, e, steps = skip.shape
    if steps >= frames * factor:
        if factor == 1 and steps == frames:
            return skip
        return skip[:, :, : frames * factor].reshape(b, e, frames, factor).mean(3)
    whole = frames - 1
    if steps <= whole * factor:
        raise ValueError(f"a skip connection has {steps} steps for {frames} frames of {factor} steps, "
                         f"expected more than {whole * factor}")
    last = skip[:, :, whole * factor:].mean(2, keepdim=True)
    if whole == 0:
        return last
    return torch.cat([skip[:, :, : whole * factor].reshape(b, e, whole, factor).mean(3), last], 2)


class Encoder(nn.Module):
    """The PASE encoder: waveform ``(B, 1, T)`` to embeddings ``(B, emb_dim, ceil(T / hop))``.

    ``config`` is train.yaml's ``encoder_model`` (missing keys take the recipe's values); the resolved
    mapping is kept as ``self.config``.
    """

    def __init__(self, config=None):
        super().__init__()
        c = dict(ENCODER_DEFAULTS)
        c.update(_options("encoder_model", config or {}, ENCODER_DEFAULTS))
        self.config = c
        channels, kernels, strides = c["blocks_channels"], c["blocks_kernel_sizes"], c["blocks_strides"]
        if not len(channels) == len(kernels) == len(strides) or len(channels) < 2:
            raise ValueError("encoder_model: blocks_channels, blocks_kernel_sizes and blocks_strides need the same "
                             "number of entries (at least 2)")
        if c["padding"] not in ("recipe", "official"):
            raise ValueError(f"encoder_model.padding: '{c['padding']}', expected recipe or official")
        if c["use_sincnet"] and c["in_channels"] != 1:
            raise ValueError(f"encoder_model: SincConv needs in_channels 1, got {c['in_channels']}")
        self.blocks = len(channels) - 1
        self.skip_conns = (self.blocks - (0 if c["last_block_skip_conn"] else 1)) if c["use_skip_conns"] else 0
        self.skip_pool_factors = []
        hop = math.prod(strides)
        inputs, strides_so_far = c["in_channels"], 1
        for i in range(self.blocks):
            out, k, stride = channels[i], kernels[i], strides[i]
            left, right = self._padding(k, stride, c["padding"])
            act = nn.PReLU(out, init=0.0) if c["per_channel_prelu"] else nn.PReLU(1, init=0.25)
            if i == 0 and c["use_sincnet"]:
                conv, left, right = SincConv(out, k, c["sinc_mel_start_hz"], stride, left, right), 0, 0
            else:
                conv = nn.Conv1d(inputs, out, k, stride=stride)
            setattr(self, f"block{i}", ConvBlock(conv, left, right, out, act, c["batch_norm"]))
            strides_so_far *= stride
            if i < self.skip_conns:
                setattr(self, f"skip{i}", nn.Conv1d(out, channels[-1], 1, bias=False))
                self.skip_pool_factors.append(hop // strides_so_far)
            inputs = out
        self.qrnn = Qrnn(inputs, c["qrnn_hidden_neurons"]) if c["use_qrnn"] else None
        self.output = nn.Conv1d(c["qrnn_hidden_neurons"] if c["use_qrnn"] else inputs, channels[-1], kernels[-1],
                                stride=strides[-1])
        self.output_norm = nn.BatchNorm1d(channels[-1], affine=False) if c["batch_norm"] else nn.Identity()

    @staticmethod
    def _padding(k, stride, padding):
        if padding == "official":
            return (k // 2 - 1, k // 2) if stride > 1 or k % 2 == 0 else (k // 2, k // 2)
        return (k // 2, k // 2) if stride > 1 else ((k - 1) // 2, (k - 1) // 2)

    @property
    def emb_dim(self):
        """The output size."""
        return self.config["blocks_channels"][-1]

    def forward(self, x):
        skips = []
        for i in range(self.blocks):
            x = getattr(self, f"block{i}")(x)
            if i < self.skip_conns:
                skips.append(x)
        if self.qrnn is not None:
            x = self.qrnn(x)
        y = self.output(x)
        for i, s in enumerate(skips):
            # a bias-free 1x1 convolution commutes with time averaging: pool first, as pase4j does
            y = y + getattr(self, f"skip{i}")(time_pool(s, y.shape[2], self.skip_pool_factors[i]))
        return self.output_norm(y)


class Mlp(nn.Module):
    """1x1 convolution, per-channel PReLU (0.25), 1x1 convolution: the workers' frame-wise perceptron."""

    def __init__(self, inputs, hidden, outputs):
        super().__init__()
        self.hidden = nn.Conv1d(inputs, hidden, 1)
        self.act = nn.PReLU(hidden, init=0.25)
        self.out = nn.Conv1d(hidden, outputs, 1)

    def forward(self, x):
        return self.out(self.act(self.hidden(x)))


def anchors(embeddings):
    """The anchor rows ``(B, ...)`` of a stacked ``(3B, ...)`` batch."""
    return embeddings[: embeddings.shape[0] // 3]


class DecoderWorker(nn.Module):
    """Transposed convolutions back to the waveform (BatchNorm, PReLU after each), then 1x1 conv, PReLU,
    1x1 conv to one channel; L1 against the clean anchor waveform."""

    KEYS = {"class", "channels", "kernel_sizes", "strides", "lin_neurons"}

    def __init__(self, options, emb_dim):
        super().__init__()
        o = _options("decoder", options, self.KEYS)
        channels = o.get("channels", [512, 256, 128])
        kernels = o.get("kernel_sizes", [30, 30, 30])
        strides = o.get("strides", [4, 4, 10])
        if not len(channels) == len(kernels) == len(strides):
            raise ValueError("decoder: channels, kernel_sizes and strides need the same number of entries")
        layers, inputs = [], emb_dim
        for ch, k, s in zip(channels, kernels, strides):
            layers += [nn.ConvTranspose1d(inputs, ch, k, stride=s, padding=max(0, (k - s) // 2)),
                       nn.BatchNorm1d(ch), nn.PReLU(ch, init=0.0)]
            inputs = ch
        lin = o.get("lin_neurons", 256)
        layers += [nn.Conv1d(inputs, lin, 1), nn.PReLU(lin, init=0.25), nn.Conv1d(lin, 1, 1)]
        self.net = nn.Sequential(*layers)

    def forward(self, embeddings):
        return self.net(anchors(embeddings))

    @staticmethod
    def loss(prediction, target):
        return (prediction - target).abs().mean()


class RegressionWorker(nn.Module):
    """A frame-wise MLP on the anchor embeddings (``mfcc``, ``prosody``, ``lps``); mean squared error."""

    KEYS = {"class", "out_channels", "hidden_channels"}

    def __init__(self, options, emb_dim):
        super().__init__()
        o = _options("regressor", options, self.KEYS)
        if "out_channels" not in o:
            raise ValueError("regressor: missing key 'out_channels'")
        self.net = Mlp(emb_dim, o.get("hidden_channels", 256), o["out_channels"])

    def forward(self, embeddings):
        return self.net(anchors(embeddings))

    @staticmethod
    def loss(prediction, target):
        return (prediction - target).square().mean()


def _bce(logits, target):
    return F.binary_cross_entropy_with_logits(logits, target)


class InfoMaxWorker(nn.Module):
    """(anchor, positive) pairs against (anchor, negative) pairs, channel-concatenated, scored by an MLP:
    per frame (``scope: local``, lim) or averaged over time first (``global``, gim); BCE on logits with
    labels 1 for the positives (first B rows) and 0 for the negatives."""

    KEYS = {"class", "scope", "hidden_channels"}

    def __init__(self, options, emb_dim):
        super().__init__()
        o = _options("infomax", options, self.KEYS)
        if o.get("scope", "local") not in ("local", "global"):
            raise ValueError(f"infomax scope '{o['scope']}', expected local or global")
        self.global_scope = o.get("scope", "local") == "global"
        self.mlp = Mlp(2 * emb_dim, o.get("hidden_channels", 256), 1)

    def pairs(self, embeddings):
        b = embeddings.shape[0] // 3
        anchor = embeddings[:b]
        pairs = torch.cat([torch.cat([anchor, embeddings[b: 2 * b]], 1), torch.cat([anchor, embeddings[2 * b:]], 1)], 0)
        return pairs.mean(2, keepdim=True) if self.global_scope else pairs

    def forward(self, embeddings):
        return self.mlp(self.pairs(embeddings))

    @staticmethod
    def loss(prediction, target):
        return _bce(prediction, target)


class SpcWorker(nn.Module):
    """Sequence predictive coding: anchor frame a with the ``context`` frames ending at a future frame p
    (label 1) and at a past frame n (label 0), scored by an MLP; BCE on logits. Pass the positions
    ``(a, p, n)`` to reproduce a pase4j batch; else they are drawn as pase4j draws them (uniformly,
    a in [30, T-30), p in [a+15, min(T-5, a+50)), n in [max(5, a-50), a-15))."""

    KEYS = {"class", "context", "hidden_channels", "seed"}

    def __init__(self, options, emb_dim):
        super().__init__()
        o = _options("spc", options, self.KEYS)
        self.context = o.get("context", 5)
        self.mlp = Mlp((1 + self.context) * emb_dim, o.get("hidden_channels", 256), 1)

    @staticmethod
    def draw_positions(frames, generator=None):
        """Random ``(anchor, future, past)`` frames for chunks of ``frames`` frames (at least 61)."""
        if frames < 61:
            raise ValueError(f"spc needs at least 61 frames per chunk, got {frames}")

        def uniform(low, high):
            return low + int(torch.randint(high - low, (1,), generator=generator))

        a = uniform(30, frames - 30)
        return a, uniform(a + 15, min(frames - 5, a + 50)), uniform(max(5, a - 50), a - 15)

    def pairs(self, embeddings, positions=None):
        anchor = anchors(embeddings)
        b, e, frames = anchor.shape
        a, p, n = positions if positions is not None else self.draw_positions(frames)
        center = anchor[:, :, a: a + 1]
        out = []
        for end in (p, n):
            context = anchor[:, :, end - self.context + 1: end + 1].transpose(1, 2).reshape(b, self.context * e, 1)
            out.append(torch.cat([center, context], 1))
        return torch.cat(out, 0)

    def forward(self, embeddings, positions=None):
        return self.mlp(self.pairs(embeddings, positions))

    @staticmethod
    def loss(prediction, target):
        return _bce(prediction, target)


WORKER_CLASSES = {cls.__name__: cls for cls in (DecoderWorker, RegressionWorker, InfoMaxWorker, SpcWorker)}
"""Worker classes by the simple name of pase4j's class (``org.pase4j.model.DecoderWorker`` -> DecoderWorker)."""


def pair_labels(batch, frames=1):
    """Labels of a pair worker's ``2B`` rows: ones for the positives, zeros for the negatives, ``(2B, 1, frames)``."""
    return torch.cat([torch.ones(batch, 1, frames), torch.zeros(batch, 1, frames)], 0)


class TargetStatistics(nn.Module):
    """A regressor's target statistics ``mean`` and ``std``, ``(1, C, 1)`` buffers (``normalize_targets``)."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", mean.reshape(1, -1, 1).clone())
        self.register_buffer("std", std.reshape(1, -1, 1).clone())


class PaseTorch(nn.Module):
    """An encoder and its workers, built from a train.yaml mapping (``${key}`` references resolved):
    ``encoder_model``, and optionally ``workers_config`` (``regressor``/``classifier`` name lists) with
    each listed worker's ``<name>_model`` (``class`` and options) and ``loss_combination`` (``mean``,
    the recipe, or ``sum``). Without ``workers_config`` it is the encoder alone. ``state_dict()`` keys are
    ``encoder.<...>`` and ``workers.<name>.<...>``, those of pase4j's .npz export.

    Typical training step, as pase4j's: ``embeddings, predictions = model(x)``, then
    ``losses, total = model.losses(predictions, targets)`` and ``total.backward()``. A model trained on
    z-scored targets (pase4j's ``normalize_targets: true``) holds each regressor's target statistics in
    ``normalizers`` (keys ``normalizers.<name>.mean`` and ``.std``): its losses z-score the raw targets
    and ``denormalize`` turns its predictions back into target units.
    """

    def __init__(self, config):
        super().__init__()
        config = resolve_references(dict(config))
        self.encoder = Encoder(config.get("encoder_model", {}))
        self.config = {"encoder_model": self.encoder.config}
        self.workers = nn.ModuleDict()
        self.normalizers = nn.ModuleDict()
        self.kinds = {}
        if "workers_config" in config:
            workers_config = _options("workers_config", config["workers_config"], {"regressor", "classifier"})
            self.config["workers_config"] = workers_config
            combination = config.get("loss_combination", "mean")
            if combination not in ("mean", "sum"):
                raise ValueError(f"loss_combination: '{combination}', expected mean or sum")
            self.config["loss_combination"] = combination
            for kind in ("regressor", "classifier"):
                for name in workers_config.get(kind) or []:
                    self._add_worker(name, kind, config)
        self.sum_losses = self.config.get("loss_combination", "mean") == "sum"

    def _add_worker(self, name, kind, config):
        key = f"{name}_model"
        if not isinstance(config.get(key), dict):
            raise ValueError(f"missing key {key} (a mapping with the worker's class) for worker {name}")
        options = config[key]
        class_name = str(options.get("class", "")).rsplit(".", 1)[-1]
        if class_name not in WORKER_CLASSES:
            raise ValueError(f"{key}.class: '{options.get('class')}', expected one of pase4j's "
                             f"{sorted(WORKER_CLASSES)}")
        self.workers[name] = WORKER_CLASSES[class_name](options, self.encoder.emb_dim)
        self.kinds[name] = kind
        self.config[key] = options
        if f"{name}_labeller" in config:
            self.config[f"{name}_labeller"] = config[f"{name}_labeller"]

    def set_normalizer(self, name, mean, std):
        """Makes worker ``name`` learn ``(target - mean) / std``, per channel."""
        if name not in self.workers:
            raise ValueError(f"no worker '{name}' to normalise the targets of, expected one of {list(self.workers)}")
        self.normalizers[name] = TargetStatistics(mean, std)

    def denormalize(self, name, prediction):
        """A worker's prediction in its target's units (unchanged if its targets are raw)."""
        if name not in self.normalizers:
            return prediction
        return prediction * self.normalizers[name].std + self.normalizers[name].mean

    def forward(self, x, spc_positions=None):
        """Embeds ``(3B, 1, T)`` and runs every worker: returns ``(embeddings, {name: prediction})``.
        ``spc_positions``: the ``(anchor, future, past)`` frames for every SpcWorker (drawn if None)."""
        embeddings = self.encoder(x)
        predictions = {}
        for name, worker in self.workers.items():
            if isinstance(worker, SpcWorker):
                predictions[name] = worker(embeddings, spc_positions)
            else:
                predictions[name] = worker(embeddings)
        return embeddings, predictions

    def losses(self, predictions, targets):
        """Each worker's loss against its target, and their mean (or sum): ``({name: loss}, total)``."""
        each = {}
        for name, worker in self.workers.items():
            target = targets[name]
            if name in self.normalizers:
                target = (target - self.normalizers[name].mean) / self.normalizers[name].std
            each[name] = worker.loss(predictions[name], target)
        total = torch.stack(list(each.values())).sum()
        return each, total if self.sum_losses else total / len(each)
