"""Inputs that the TorchScript importer must refuse with a diagnostic.

  bad_inputs.py KIND OUT
  bad_inputs.py save-all DIR      every kind as DIR/KIND.pt (the lit
                                  fixtures, test/make_fixtures.py)

Modules the mirror cannot hold (saved with torch.jit.save):
  shared_tensor     two buffers holding one tensor
  shared_module     one nn.Module assigned to two attributes (scripting makes
                    two objects that share their parameters)
  shared_object     one TorchScript module object in two attribute slots
  class_object      an attribute holding a scripted (non-module) class object
  quantized         a quantized tensor buffer
  forward_hook      a module with a forward hook
Files that are not TorchScript modules:
  saved_tensor      torch.save of a plain tensor
  state_dict        torch.save of a module's state dict
  not_zip           a text file
  truncated         the first half of a valid archive
  corrupt           a valid archive with bytes overwritten in a tensor record
  corrupt_code      a valid archive with bytes overwritten in a deflated code
                    record
  corrupt_big       bytes overwritten at the end of a 5.5 MiB tensor record
                    (the importer reads records in 4 MiB chunks)
  short_storage, huge_pickle_string, huge_memo_index, and the pickles of
  BAD_PICKLE_STACKS: intact archives (CRCs match) with a damaged record
"""

import io
import sys
import zipfile
from typing import Tuple

import torch
from torch import Tensor, nn


class SharedTensor(nn.Module):
    def __init__(self):
        super().__init__()
        weight = torch.randn(3)
        self.register_buffer("a", weight)
        self.register_buffer("b", weight)

    def forward(self, x):
        return x * self.a + self.b


class SharedModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(3, 3)
        self.decoder = self.encoder

    def forward(self, x):
        return self.decoder(self.encoder(x))


@torch.jit.script
class Config:
    def __init__(self, gain: float):
        self.gain = gain


class ClassObject(nn.Module):
    def __init__(self):
        super().__init__()
        self.config = Config(2.0)

    def forward(self, x: Tensor) -> Tensor:
        return x * self.config.gain


class Quantized(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer(
            "q", torch.quantize_per_tensor(torch.ones(3), 0.1, 0, torch.quint8))

    def forward(self, x: Tensor) -> Tensor:
        return x + self.q.dequantize()


def double_output(module: nn.Module, inputs: Tuple[Tensor], output: Tensor) -> Tensor:
    return output * 2.0


class Hooked(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x + 1.0


def hooked():
    module = Hooked()
    module.register_forward_hook(double_output)
    return module


MODULES = {
    "shared_tensor": SharedTensor,
    "shared_module": SharedModule,
    "class_object": ClassObject,
    "quantized": Quantized,
    "forward_hook": hooked,
}


def valid_archive(features=64):
    buffer = io.BytesIO()
    torch.jit.save(torch.jit.script(nn.Linear(features, features)), buffer)
    return buffer.getvalue()


def overwrite_record(data, suffix, at):
    """Overwrites 64 bytes of the record whose name ends with `suffix`, `at`
    bytes into its stored contents (negative: from its end)."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(suffix))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    start += at if at >= 0 else info.compress_size + at
    data[start:start + 64] = b"\xff" * 64
    return bytes(data)


def rewritten_record(suffix, rewrite, deflate=False):
    """A small valid archive, rewritten with every CRC matching, whose record
    ending with `suffix` holds rewrite(its contents) (deflated when
    `deflate`)."""
    source = zipfile.ZipFile(io.BytesIO(valid_archive(4)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith(suffix):
                data = rewrite(data)
                if deflate:
                    info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def short_storage():
    """An intact archive whose weight record holds 4 bytes where the pickle
    claims a storage of features * features floats."""
    return rewritten_record("data/0", lambda data: data[:4])


def patched_pickle(insert, deflate=False):
    """An intact archive whose data.pkl has `insert` right after its PROTO
    opcode."""
    return rewritten_record("/data.pkl",
                            lambda data: data[:2] + insert + data[2:],
                            deflate)


# Pickles whose opcodes take values their stack does not hold, each
# inserted after PROTO. libtorch 1.13's unpickler checks few of these: on the
# first two torch.jit.load aborts ("free(): invalid pointer"; the pt-import
# fuzzer found the same with "free(): invalid size"), and with an odd DICT
# it reads past its stack; the importer refuses them all as Python's
# unpickler would.
BAD_PICKLE_STACKS = {
    # NONE, BUILD: BUILD swaps the stack's top with the value below it.
    "pickle_stack_underflow": (b"Nb", False),
    # The same in a deflated data.pkl, which libtorch inflates and reads.
    "deflated_pickle_stack_underflow": (b"Nb", True),
    # NONE, MARK, NONE, TUPLE2: values below a mark are out of reach.
    "pickle_pop_past_mark": (b"N(N\x86", False),
    # TUPLE with no MARK open.
    "pickle_unopened_mark": (b"t", False),
    # MARK, NONE, DICT: a key without a value.
    "pickle_odd_dict": (b"(Nd", False),
    # NONE: the pickle ends with two values.
    "pickle_extra_value": (b"N", False),
}


def deflate_bomb():
    """The archive with a deflated data.pkl whose zip headers claim it
    inflates to 1 GiB (a deflate bomb as far as its declared size goes)."""
    data = bytearray(patched_pickle(b"", deflate=True))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = next(i for i in archive.infolist()
                    if i.filename.endswith("/data.pkl"))
    claimed = (1 << 30).to_bytes(4, "little")
    # The uncompressed size in the local header and in the central
    # directory entry of the record.
    data[info.header_offset + 22:info.header_offset + 26] = claimed
    name = info.filename.encode()
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 24:central + 28] = claimed
    return bytes(data)


def shared_object():
    scripted = torch.jit.script(SharedModule())
    # Both attributes hold one object of one class, as pickling keeps it.
    scripted._c.setattr("decoder", scripted._c.getattr("encoder"))
    return scripted


def main(kind, out):
    if kind == "shared_object":
        shared_object().save(out)
    elif kind in MODULES:
        torch.jit.save(torch.jit.script(MODULES[kind]()), out)
    elif kind == "saved_tensor":
        torch.save(torch.randn(3), out)
    elif kind == "state_dict":
        torch.save(nn.Linear(2, 2).state_dict(), out)
    elif kind == "not_zip":
        with open(out, "w") as f:
            f.write("def forward(self, x):\n  return x\n")
    elif kind == "truncated":
        data = valid_archive()
        with open(out, "wb") as f:
            f.write(data[: len(data) // 2])
    elif kind == "corrupt":
        # Overwrite the stored weight record: the archive's CRC no longer
        # matches.
        with open(out, "wb") as f:
            f.write(overwrite_record(valid_archive(), "data/0", 0))
    elif kind == "corrupt_code":
        with open(out, "wb") as f:
            f.write(overwrite_record(valid_archive(), "linear.py", 16))
    elif kind == "corrupt_big":
        with open(out, "wb") as f:
            f.write(overwrite_record(valid_archive(1200), "data/0", -64))
    elif kind == "short_storage":
        with open(out, "wb") as f:
            f.write(short_storage())
    elif kind == "huge_pickle_string":
        # BINUNICODE claiming 4 GiB: libtorch reserves the length first.
        with open(out, "wb") as f:
            f.write(patched_pickle(b"X\xff\xff\xff\xfe"))
    elif kind == "huge_memo_index":
        # LONG_BINPUT at index 2^31: libtorch grows its memo table to it.
        with open(out, "wb") as f:
            f.write(patched_pickle(b"r\x00\x00\x00\x80"))
    elif kind == "deflate_bomb":
        with open(out, "wb") as f:
            f.write(deflate_bomb())
    elif kind in BAD_PICKLE_STACKS:
        insert, deflate = BAD_PICKLE_STACKS[kind]
        with open(out, "wb") as f:
            f.write(patched_pickle(insert, deflate))
    else:
        sys.exit(f"unknown kind {kind}")


KINDS = list(MODULES) + ["shared_object", "saved_tensor", "state_dict",
                         "not_zip", "truncated", "corrupt", "corrupt_code",
                         "corrupt_big", "short_storage", "huge_pickle_string",
                         "huge_memo_index", "deflate_bomb"] + list(BAD_PICKLE_STACKS)

if __name__ == "__main__":
    if sys.argv[1] == "save-all":
        from save_each import save_each
        save_each(KINDS, main, sys.argv[2])
    else:
        main(sys.argv[1], sys.argv[2])
