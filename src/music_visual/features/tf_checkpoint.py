"""Read a TensorFlow checkpoint bundle (``PREFIX.index`` + ``PREFIX.data-*``) with numpy alone.

A bundle (TF >= 1.0, "V2" checkpoints) is two kinds of file:

* ``PREFIX.index`` -- an immutable LevelDB-style sorted table: data blocks of
  prefix-compressed ``key -> value`` entries, an index block pointing at them
  and a 48-byte footer ending in a magic number. Key ``""`` holds a
  ``BundleHeaderProto`` (number of shards, endianness); every other key is a
  variable name whose value is a ``BundleEntryProto``: dtype (field 1), shape
  (2), shard id (3), byte offset (4) and size (5) in the data shard, CRC32C (6),
  slices (7; partitioned variables, not supported here).
* ``PREFIX.data-SSSSS-of-NNNNN`` -- the tensors' raw bytes, little-endian, in
  row-major order; a string tensor is its element lengths (varints), a masked
  CRC32C of them, then the bytes.

The protobufs are decoded by hand (varints and length-delimited fields), so
reading needs neither TensorFlow nor ``protobuf``. :func:`read_checkpoint`
returns ``{variable name: numpy array}``; with ``verify=True`` it also checks
the CRC32C of each index block and tensor (pure Python, ~0.25 s per MB).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from music_visual.corpus.adapters.tfrecord import RecordError, crc32c, fields, masked_crc

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
BLOCK_TRAILER_SIZE = 5  # 1 byte compression type + 4 bytes masked CRC32C
# tensorflow/core/framework/types.proto DataType -> numpy dtype (little-endian)
NUMPY_DTYPES = {
    1: "<f4", 2: "<f8", 3: "<i4", 4: "u1", 5: "<i2", 6: "i1", 9: "<i8", 10: "?",
    14: "<u2", 17: "<u2", 19: "<f2", 22: "<u4", 23: "<u8", 8: "<c8", 18: "<c16",
}  # 14 (bfloat16) is returned as its raw uint16 bits
DT_STRING = 7


class CheckpointFormatError(ValueError):
    """The files are not a (supported) TensorFlow checkpoint bundle."""


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    result, shift = 0, 0
    while True:
        if pos >= len(buf):
            raise CheckpointFormatError("truncated varint")
        byte = buf[pos]
        result |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return result, pos
        shift += 7


def parse_proto_fields(buf: bytes) -> list[tuple[int, int | bytes]]:
    """``(field number, value)`` of a serialised protobuf message: ints for varint/fixed, bytes for length-delimited
    (the wire format of :func:`music_visual.corpus.adapters.tfrecord.fields`)."""
    try:
        return [(number, int.from_bytes(value, "little") if wire in (1, 5) else value)
                for number, wire, value in fields(buf)]
    except RecordError as exc:
        raise CheckpointFormatError(str(exc)) from None


def masked_crc32c(data: bytes) -> int:
    """LevelDB/TensorFlow's masked CRC-32C (rotated right by 15 bits, plus a constant)."""
    return masked_crc(data)


def _read_block(table: bytes, handle: tuple[int, int], verify: bool) -> bytes:
    offset, size = handle
    block = table[offset : offset + size]
    compression, stored_crc = struct.unpack_from("<BI", table, offset + size)
    if compression != 0:
        raise CheckpointFormatError(f"compressed table block (type {compression}) is not supported")
    if verify and masked_crc32c(table[offset : offset + size + 1]) != stored_crc:
        raise CheckpointFormatError(f"CRC mismatch in the index block at byte {offset}")
    return block


def _block_entries(block: bytes) -> list[tuple[bytes, bytes]]:
    """``(key, value)`` entries of one table block (keys are prefix-compressed)."""
    n_restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    end = len(block) - 4 * (n_restarts + 1)
    entries, pos, key = [], 0, b""
    while pos < end:
        shared, pos = _read_varint(block, pos)
        unshared, pos = _read_varint(block, pos)
        value_len, pos = _read_varint(block, pos)
        key = key[:shared] + block[pos : pos + unshared]
        pos += unshared
        entries.append((key, block[pos : pos + value_len]))
        pos += value_len
    return entries


def _block_handle(value: bytes) -> tuple[int, int]:
    offset, pos = _read_varint(value, 0)
    size, _ = _read_varint(value, pos)
    return offset, size


def read_index(index_path: str | os.PathLike, *, verify: bool = False) -> dict[bytes, bytes]:
    """All ``key -> serialised value`` entries of a ``.index`` table."""
    table = Path(index_path).read_bytes()
    if len(table) < FOOTER_SIZE or struct.unpack_from("<Q", table, len(table) - 8)[0] != TABLE_MAGIC:
        raise CheckpointFormatError(f"{index_path}: not a TensorFlow table (bad magic number)")
    footer = table[len(table) - FOOTER_SIZE :]
    _, pos = _read_varint(footer, 0)  # metaindex handle (empty in bundles)
    _, pos = _read_varint(footer, pos)
    index_offset, pos = _read_varint(footer, pos)
    index_size, _ = _read_varint(footer, pos)
    entries: dict[bytes, bytes] = {}
    for _, handle in _block_entries(_read_block(table, (index_offset, index_size), verify)):
        entries.update(_block_entries(_read_block(table, _block_handle(handle), verify)))
    return entries


def _entry_fields(value: bytes) -> dict:
    """The fields of a ``BundleEntryProto`` this reader uses."""
    entry = {"dtype": 0, "shape": [], "shard_id": 0, "offset": 0, "size": 0, "crc32c": None, "sliced": False}
    for number, field in parse_proto_fields(value):
        if number == 1:
            entry["dtype"] = field
        elif number == 2:  # TensorShapeProto: repeated Dim (field 2) {size (1)}
            dims = [dict(parse_proto_fields(d)) for n, d in parse_proto_fields(field) if n == 2]
            entry["shape"] = [int(d.get(1, 0)) for d in dims]
        elif number in (3, 4, 5):
            entry[{3: "shard_id", 4: "offset", 5: "size"}[number]] = field
        elif number == 6:
            entry["crc32c"] = field
        elif number == 7:
            entry["sliced"] = True
    return entry


def _string_lengths(raw: bytes, count: int) -> tuple[list[int], int]:
    """Element lengths of a string tensor and where its bytes start (after the lengths' 4-byte checksum)."""
    lengths, pos = [], 0
    for _ in range(count):
        n, pos = _read_varint(raw, pos)
        lengths.append(n)
    return lengths, pos + 4


def _decode_strings(raw: bytes, count: int) -> np.ndarray:
    lengths, pos = _string_lengths(raw, count)
    out = np.empty(count, dtype=object)
    for i, n in enumerate(lengths):
        out[i], pos = raw[pos : pos + n], pos + n
    return out


def _tensor_crc(entry: dict, raw: bytes) -> int:
    """Masked CRC32C as the bundle writer computes it (a string tensor's covers its lengths as uint32/uint64)."""
    if entry["dtype"] != DT_STRING:
        return masked_crc32c(raw)
    lengths, start = _string_lengths(raw, int(np.prod(entry["shape"], dtype=np.int64)))
    packed = b"".join(struct.pack("<I" if n <= 0xFFFFFFFF else "<Q", n) for n in lengths)
    return masked_crc(packed + raw[start - 4:])


def _decode_tensor(name: str, entry: dict, raw: bytes) -> np.ndarray:
    shape = tuple(entry["shape"])
    if entry["dtype"] == DT_STRING:
        return _decode_strings(raw, int(np.prod(shape, dtype=np.int64))).reshape(shape)
    if entry["dtype"] not in NUMPY_DTYPES:
        raise CheckpointFormatError(f"{name}: unsupported dtype enum {entry['dtype']}")
    return np.frombuffer(raw, dtype=NUMPY_DTYPES[entry["dtype"]]).reshape(shape).copy()


def read_checkpoint(prefix: str | os.PathLike, *, verify: bool = False) -> dict[str, np.ndarray]:
    """``{variable name: array}`` of the checkpoint bundle at ``prefix`` (``prefix + ".index"`` must exist).

    ``prefix`` is what ``tf.train.Saver.save`` returned; for a bundle saved into
    a folder with an empty basename (the musicnn wheel) it is ``"FOLDER/"``.
    """
    prefix = str(prefix)
    entries = read_index(prefix + ".index", verify=verify)
    header = dict(parse_proto_fields(entries.pop(b"", b"")))
    n_shards = int(header.get(1, 1))
    if header.get(2, 0) != 0:
        raise CheckpointFormatError("big-endian checkpoints are not supported")
    shards: dict[int, bytes] = {}
    tensors = {}
    for key, value in entries.items():
        name, entry = key.decode("utf-8"), _entry_fields(value)
        if entry["sliced"]:
            raise CheckpointFormatError(f"{name}: partitioned (sliced) variables are not supported")
        shard = entry["shard_id"]
        if shard not in shards:
            shards[shard] = Path(f"{prefix}.data-{shard:05d}-of-{n_shards:05d}").read_bytes()
        raw = shards[shard][entry["offset"] : entry["offset"] + entry["size"]]
        if len(raw) != entry["size"]:
            raise CheckpointFormatError(f"{name}: data shard {shard} is truncated")
        if verify and entry["crc32c"] is not None and _tensor_crc(entry, raw) != entry["crc32c"]:
            raise CheckpointFormatError(f"{name}: CRC mismatch")
        tensors[name] = _decode_tensor(name, entry, raw)
    return tensors
