"""CTranslate2 Whisper ``model.bin`` → openai-whisper checkpoint, offline and exact.

openai-whisper loads PyTorch checkpoints (``{"dims": {...}, "model_state_dict": {...}}``)
that it normally downloads; this machine reaches package registries only. The embedded
model is a CTranslate2 conversion of the same Whisper weights, so we map it back:

* ``model.bin`` (written by ``ctranslate2/specs/model_spec.py``, ``_serialize``) is a
  little-endian stream: binary version, spec name, spec revision, then every variable as
  (name, rank, shape, dtype id, byte count, bytes), then aliases (name → variable name).
  We read the header and memory-map the tensors, so reading costs no more memory than the
  tensors we keep.
* Each Whisper variable maps one to one onto an openai-whisper parameter. CTranslate2 fuses
  self-attention q/k/v into ``linear_0`` and cross-attention k/v into ``linear_1``; the
  key projection has no bias in Whisper, so its slice of the fused bias must be zero. The
  output projection is tied to the token embedding (stored as an alias).
* Tensors keep their stored dtype (float16 for the embedded model). ``load_state_dict``
  copies them into openai-whisper's float32 parameters, which is exact; bfloat16, which
  numpy lacks, is widened to float32 here (also exact).

The checkpoint also carries ``alignment_heads`` from ``config.json`` (the heads
faster-whisper uses for word timestamps) as openai-whisper's base85 gzip'd mask, for
``model.set_alignment_heads``.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from .. import atomic
from ..errors import RRError

CONVERTER_VERSION = 1
CHECKPOINT_NAME = f"openai-whisper-v{CONVERTER_VERSION}.pt"

# DataType enum of include/ctranslate2/types.h, in order.
_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
_NUMPY = {"float32": "<f4", "int8": "i1", "int16": "<i2", "int32": "<i4", "float16": "<f2", "bfloat16": "<u2"}
_FLOAT_DTYPES = ("float32", "float16", "bfloat16")


@dataclass
class Ct2Model:
    """The variables of a CTranslate2 ``model.bin`` (numpy views of a read-only memory map)."""

    path: Path
    version: int
    spec: str
    revision: int
    variables: dict[str, np.ndarray]
    dtypes: dict[str, str]  # CTranslate2 dtype names; bfloat16 arrays are viewed as uint16
    aliases: dict[str, str]

    def __contains__(self, name: str) -> bool:
        return name in self.variables or name in self.aliases

    def __getitem__(self, name: str) -> np.ndarray:
        return self.variables[self.aliases.get(name, name)]

    def scalar(self, name: str) -> int:
        return int(self[name].reshape(-1)[0])

    def float_array(self, name: str) -> np.ndarray:
        """A float variable as numpy stores it: float16/float32 unchanged, bfloat16 widened."""
        target = self.aliases.get(name, name)
        value, dtype = self.variables[target], self.dtypes[target]
        if dtype == "bfloat16":
            return (value.astype(np.uint32) << 16).view(np.float32)
        if dtype not in ("float32", "float16"):
            raise RRError(
                f"{self.path}: variable {name} is {dtype}; openai-whisper needs float weights "
                f"(convert the model with --quantization float16 or float32)"
            )
        return value


def read_model_bin(path: str | Path) -> Ct2Model:
    """Parse ``model.bin``: header with ``struct``, tensors as memory-mapped numpy views."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            def take(fmt: str):
                raw = f.read(struct.calcsize(fmt))
                if len(raw) != struct.calcsize(fmt):
                    raise EOFError
                return struct.unpack("<" + fmt, raw)

            def string() -> str:
                (length,) = take("H")  # includes the trailing NUL
                raw = f.read(length)
                if len(raw) != length:
                    raise EOFError
                return raw[:-1].decode("utf-8")

            (version,) = take("I")
            if not 4 <= version <= 6:
                raise RRError(f"{path}: CTranslate2 model format version {version} is not supported (4 to 6 are)")
            spec = string()
            (revision,) = take("I")
            (count,) = take("I")
            layout = []
            for _ in range(count):
                name = string()
                (rank,) = take("B")
                shape = take(f"{rank}I") if rank else ()
                type_id, num_bytes = take("B")[0], take("I")[0]
                if type_id >= len(_DTYPES):
                    raise RRError(f"{path}: variable {name} has unknown dtype id {type_id}")
                offset = f.tell()
                if offset + num_bytes > size:
                    raise EOFError
                layout.append((name, tuple(shape), _DTYPES[type_id], offset, num_bytes))
                f.seek(num_bytes, 1)
            aliases = {}
            (count,) = take("I")
            for _ in range(count):
                alias = string()
                aliases[alias] = string()
    except FileNotFoundError:
        raise RRError(f"CTranslate2 model file {path} is missing") from None
    except (EOFError, UnicodeDecodeError, struct.error):
        raise RRError(f"{path} is not a complete CTranslate2 model file") from None

    memory = np.memmap(path, dtype=np.uint8, mode="r")
    variables, dtypes = {}, {}
    for name, shape, dtype, offset, num_bytes in layout:
        item = np.dtype(_NUMPY[dtype])
        if num_bytes != item.itemsize * int(np.prod(shape, dtype=np.int64)):
            raise RRError(f"{path}: variable {name} has {num_bytes} bytes for shape {shape} {dtype}")
        variables[name] = memory[offset : offset + num_bytes].view(item).reshape(shape)
        dtypes[name] = dtype
    missing = sorted(set(aliases.values()) - set(variables))
    if missing:
        raise RRError(f"{path}: aliases point at missing variables: {', '.join(missing)}")
    return Ct2Model(path, version, spec, revision, variables, dtypes, aliases)


def _layer_count(model: Ct2Model, prefix: str) -> int:
    pattern = re.compile(re.escape(prefix) + r"/layer_(\d+)/")
    indices = {int(m.group(1)) for name in model.variables if (m := pattern.match(name))}
    if indices != set(range(len(indices))):
        raise RRError(f"{model.path}: {prefix} layers are not numbered 0..n-1")
    return len(indices)


def whisper_dims(model: Ct2Model) -> dict[str, int]:
    """openai-whisper's ``ModelDimensions`` read off the tensors."""
    if model.spec != "WhisperSpec":
        raise RRError(f"{model.path} holds a {model.spec or 'unnamed'} model, not Whisper")
    try:
        n_audio_state, n_mels, _ = model["encoder/conv1/weight"].shape
        n_audio_ctx = model["encoder/position_encodings/encodings"].shape[0]
        n_vocab, n_text_state = model["decoder/embeddings/weight"].shape
        n_text_ctx = model["decoder/position_encodings/encodings"].shape[0]
        dims = dict(
            n_mels=int(n_mels),
            n_vocab=int(n_vocab),
            n_audio_ctx=int(n_audio_ctx),
            n_audio_state=int(n_audio_state),
            n_audio_head=model.scalar("encoder/num_heads"),
            n_audio_layer=_layer_count(model, "encoder"),
            n_text_ctx=int(n_text_ctx),
            n_text_state=int(n_text_state),
            n_text_head=model.scalar("decoder/num_heads"),
            n_text_layer=_layer_count(model, "decoder"),
        )
    except KeyError as exc:
        raise RRError(f"{model.path}: Whisper variable {exc.args[0]} is missing") from None
    for flag, expected in (("decoder/pre_norm", 1), ("decoder/scale_embeddings", 0)):
        if flag in model and model.scalar(flag) != expected:
            raise RRError(f"{model.path}: {flag} = {model.scalar(flag)}, which openai-whisper's Whisper cannot express")
    return dims


def _split(value: np.ndarray, parts: int) -> list[np.ndarray]:
    if value.shape[0] % parts:
        raise RRError(f"cannot split a fused projection of {value.shape[0]} rows in {parts}")
    return np.split(value, parts, axis=0)


def _attention(model: Ct2Model, src: str, dst: str, cross: bool) -> dict[str, np.ndarray]:
    """One attention block: un-fuse q/k/v (self) or k/v (cross), drop the zero key bias."""
    out: dict[str, np.ndarray] = {}
    if cross:
        out[f"{dst}.query.weight"] = model.float_array(f"{src}/linear_0/weight")
        out[f"{dst}.query.bias"] = model.float_array(f"{src}/linear_0/bias")
        fused_w, fused_b, names, out_linear = f"{src}/linear_1/weight", f"{src}/linear_1/bias", ("key", "value"), "linear_2"
    else:
        fused_w, fused_b, names, out_linear = f"{src}/linear_0/weight", f"{src}/linear_0/bias", ("query", "key", "value"), "linear_1"
    for name, w, b in zip(names, _split(model.float_array(fused_w), len(names)), _split(model.float_array(fused_b), len(names))):
        out[f"{dst}.{name}.weight"] = w
        if name == "key":
            if np.any(b != 0):
                raise RRError(f"{model.path}: {fused_b} has a non-zero key bias, which openai-whisper's Whisper has not")
        else:
            out[f"{dst}.{name}.bias"] = b
    out[f"{dst}.out.weight"] = model.float_array(f"{src}/{out_linear}/weight")
    out[f"{dst}.out.bias"] = model.float_array(f"{src}/{out_linear}/bias")
    out[f"{dst}_ln.weight"] = model.float_array(f"{src}/layer_norm/gamma")
    out[f"{dst}_ln.bias"] = model.float_array(f"{src}/layer_norm/beta")
    return out


def _mlp_and_norm(model: Ct2Model, src: str, dst: str) -> dict[str, np.ndarray]:
    return {
        f"{dst}.mlp.0.weight": model.float_array(f"{src}/ffn/linear_0/weight"),
        f"{dst}.mlp.0.bias": model.float_array(f"{src}/ffn/linear_0/bias"),
        f"{dst}.mlp.2.weight": model.float_array(f"{src}/ffn/linear_1/weight"),
        f"{dst}.mlp.2.bias": model.float_array(f"{src}/ffn/linear_1/bias"),
        f"{dst}.mlp_ln.weight": model.float_array(f"{src}/ffn/layer_norm/gamma"),
        f"{dst}.mlp_ln.bias": model.float_array(f"{src}/ffn/layer_norm/beta"),
    }


def openai_state_dict(model: Ct2Model, dims: dict[str, int] | None = None) -> dict[str, np.ndarray]:
    """openai-whisper's state dict as numpy views of the CTranslate2 tensors (no copies)."""
    dims = dims or whisper_dims(model)
    if any(name.endswith("_scale") for name in model.variables):
        raise RRError(f"{model.path} is quantized; openai-whisper needs a float16 or float32 CTranslate2 model")
    try:
        state = {
            "encoder.conv1.weight": model.float_array("encoder/conv1/weight"),
            "encoder.conv1.bias": model.float_array("encoder/conv1/bias"),
            "encoder.conv2.weight": model.float_array("encoder/conv2/weight"),
            "encoder.conv2.bias": model.float_array("encoder/conv2/bias"),
            "encoder.positional_embedding": model.float_array("encoder/position_encodings/encodings"),
        }
        for i in range(dims["n_audio_layer"]):
            src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
            state.update(_attention(model, f"{src}/self_attention", f"{dst}.attn", cross=False))
            state.update(_mlp_and_norm(model, src, dst))
        state["encoder.ln_post.weight"] = model.float_array("encoder/layer_norm/gamma")
        state["encoder.ln_post.bias"] = model.float_array("encoder/layer_norm/beta")

        state["decoder.token_embedding.weight"] = model.float_array("decoder/embeddings/weight")
        state["decoder.positional_embedding"] = model.float_array("decoder/position_encodings/encodings")
        for i in range(dims["n_text_layer"]):
            src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
            state.update(_attention(model, f"{src}/self_attention", f"{dst}.attn", cross=False))
            state.update(_attention(model, f"{src}/attention", f"{dst}.cross_attn", cross=True))
            state.update(_mlp_and_norm(model, src, dst))
        state["decoder.ln.weight"] = model.float_array("decoder/layer_norm/gamma")
        state["decoder.ln.bias"] = model.float_array("decoder/layer_norm/beta")
    except KeyError as exc:
        raise RRError(f"{model.path}: Whisper variable {exc.args[0]} is missing") from None

    # openai-whisper ties the output projection to the token embedding.
    if "decoder/projection/weight" in model and not np.array_equal(
        model.float_array("decoder/projection/weight"), state["decoder.token_embedding.weight"]
    ):
        raise RRError(f"{model.path}: the output projection is not tied to the token embedding")
    if "decoder/projection/bias" in model and np.any(model.float_array("decoder/projection/bias") != 0):
        raise RRError(f"{model.path}: the output projection has a bias, which openai-whisper's Whisper has not")
    return state


def alignment_heads_dump(heads: Iterable[Iterable[int]], n_text_layer: int, n_text_head: int) -> bytes:
    """(layer, head) pairs as openai-whisper's ``set_alignment_heads`` format."""
    mask = np.zeros((n_text_layer, n_text_head), dtype=bool)
    for layer, head in heads:
        if not (0 <= layer < n_text_layer and 0 <= head < n_text_head):
            raise RRError(f"alignment head ({layer}, {head}) is outside {n_text_layer} layers x {n_text_head} heads")
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes(), mtime=0))


def config_alignment_heads(model_dir: Path) -> list[list[int]] | None:
    try:
        config = json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise RRError(f"{model_dir}/config.json is not valid JSON ({exc})") from None
    heads = config.get("alignment_heads")
    return [list(map(int, pair)) for pair in heads] if heads else None


def convert(model_dir: str | Path, out_path: str | Path) -> Path:
    """Write the openai-whisper checkpoint of the CTranslate2 Whisper model in ``model_dir``."""
    try:
        import torch
    except ImportError:
        raise RRError("converting for openai-whisper needs PyTorch: pip install torch==2.13.0") from None
    model_dir, out_path = Path(model_dir), Path(out_path)
    model = read_model_bin(model_dir / "model.bin")
    dims = whisper_dims(model)
    state = openai_state_dict(model, dims)
    # np.array copies each tensor out of the memory map (writable, contiguous, same dtype).
    checkpoint = {"dims": dims, "model_state_dict": {k: torch.from_numpy(np.array(v)) for k, v in state.items()}}
    del state
    heads = config_alignment_heads(model_dir)
    if heads:
        checkpoint["alignment_heads"] = alignment_heads_dump(heads, dims["n_text_layer"], dims["n_text_head"])
    with atomic.atomic_open(out_path, "wb") as handle:
        torch.save(checkpoint, handle)
    return out_path


def cached_checkpoint(model_dir: str | Path, cache: str | Path | None = None) -> Path:
    """The converted checkpoint of ``model_dir``, converting on first use.

    By default it lives inside ``model_dir`` (the assembled embedded model's folder, which is
    replaced as a whole when the model changes); pass ``cache`` for read-only model folders.
    """
    model_dir = Path(model_dir)
    target = Path(cache) if cache is not None else model_dir / CHECKPOINT_NAME
    if target.is_file():
        return target
    try:
        return convert(model_dir, target)
    except PermissionError as exc:
        raise RRError(f"cannot write the openai-whisper checkpoint {target}: {exc.strerror}") from None


def source_key(model_dir: str | Path) -> str:
    """A short key for a model folder's identity (path, size and mtime of model.bin)."""
    model_bin = Path(model_dir).resolve() / "model.bin"
    stat = model_bin.stat()
    return hashlib.sha256(f"{model_bin}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:16]
