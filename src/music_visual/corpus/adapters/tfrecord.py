"""TFRecord files and ``tf.train.Example`` / ``SequenceExample`` messages without TensorFlow.

A TFRecord file is a sequence of records: ``uint64 length``, ``uint32 masked
crc32c(length)``, ``data``, ``uint32 masked crc32c(data)`` (little endian). The
messages are protocol buffers; only the few fields YouTube-8M uses are decoded:

* Example ``{1: Features}``; SequenceExample ``{1: context Features, 2: FeatureLists}``
* Features ``{1: map<string, Feature>}``; FeatureLists ``{1: map<string, FeatureList>}``
* Feature: ``1`` BytesList, ``2`` FloatList, ``3`` Int64List (each ``{1: repeated value}``,
  numbers packed or not); FeatureList ``{1: repeated Feature}``.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

_CRC_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


class RecordError(ValueError):
    """A TFRecord file or message that cannot be decoded."""


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc(data: bytes) -> int:
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def read_records(path: Path, verify: bool = True):
    """Yield the raw records of a TFRecord file; a truncated or corrupt file raises :class:`RecordError`."""
    with open(path, "rb") as f:
        while header := f.read(12):
            if len(header) < 12:
                raise RecordError(f"{path}: truncated record header")
            length, length_crc = struct.unpack("<QI", header)
            if verify and masked_crc(header[:8]) != length_crc:
                raise RecordError(f"{path}: bad length checksum")
            data, footer = f.read(length), f.read(4)
            if len(data) < length or len(footer) < 4:
                raise RecordError(f"{path}: truncated record")
            if verify and masked_crc(data) != struct.unpack("<I", footer)[0]:
                raise RecordError(f"{path}: bad data checksum")
            yield data


def write_records(path: Path, records) -> None:
    with open(path, "wb") as f:
        for data in records:
            header = struct.pack("<Q", len(data))
            f.write(header + struct.pack("<I", masked_crc(header)) + data + struct.pack("<I", masked_crc(data)))


# --- protobuf wire format -------------------------------------------------------------------

def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise RecordError("truncated varint")
        byte = buf[pos]
        result |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return result, pos
        shift += 7


def fields(buf: bytes):
    """Yield (field number, wire type, value) of a message; length-delimited values are bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + size], pos + size
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise RecordError(f"unsupported wire type {wire}")
        yield number, wire, value


def _signed64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def decode_feature(buf: bytes):
    """A Feature as a list of bytes, a float32 array or an int64 array."""
    for number, _, inner in fields(buf):
        values = [(w, v) for n, w, v in fields(inner) if n == 1]
        if number == 1:
            return [v for _, v in values]
        if number == 2:
            raw = b"".join(v for _, v in values)
            return np.frombuffer(raw, "<f4").copy()
        if number == 3:
            out = []
            for wire, v in values:
                if wire == 0:
                    out.append(_signed64(v))
                else:
                    pos = 0
                    while pos < len(v):
                        x, pos = _varint(v, pos)
                        out.append(_signed64(x))
            return np.array(out, np.int64)
    return []


def _map_entries(buf: bytes):
    for number, _, entry in fields(buf):
        if number == 1:
            parts = {n: v for n, _, v in fields(entry)}
            yield parts.get(1, b"").decode(), parts.get(2, b"")


def decode_example(buf: bytes) -> dict:
    """``tf.train.Example`` -> {name: values}."""
    out = {}
    for number, _, features in fields(buf):
        if number == 1:
            out.update({k: decode_feature(v) for k, v in _map_entries(features)})
    return out


def decode_sequence_example(buf: bytes) -> tuple[dict, dict]:
    """``tf.train.SequenceExample`` -> (context {name: values}, feature lists {name: [values per step]})."""
    context, lists = {}, {}
    for number, _, part in fields(buf):
        if number == 1:
            context.update({k: decode_feature(v) for k, v in _map_entries(part)})
        elif number == 2:
            for name, flist in _map_entries(part):
                lists[name] = [decode_feature(f) for n, _, f in fields(flist) if n == 1]
    return context, lists


# --- encoding (fixtures and users' own conversions) -----------------------------------------

def _enc_varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _enc_field(number: int, payload: bytes) -> bytes:
    return _enc_varint(number << 3 | 2) + _enc_varint(len(payload)) + payload


def encode_feature(values) -> bytes:
    if isinstance(values, (list, tuple)) and values and isinstance(values[0], (bytes, str)):
        inner = b"".join(_enc_field(1, v.encode() if isinstance(v, str) else v) for v in values)
        return _enc_field(1, inner)
    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        return _enc_field(2, _enc_field(1, arr.astype("<f4").tobytes()))
    return _enc_field(3, _enc_field(1, b"".join(_enc_varint(int(v)) for v in arr)))


def _enc_map(entries: dict, encode) -> bytes:
    return b"".join(_enc_field(1, _enc_field(1, k.encode()) + _enc_field(2, encode(v))) for k, v in entries.items())


def encode_example(features: dict) -> bytes:
    return _enc_field(1, _enc_map(features, encode_feature))


def encode_sequence_example(context: dict, feature_lists: dict) -> bytes:
    flist = lambda steps: b"".join(_enc_field(1, encode_feature(s)) for s in steps)  # noqa: E731
    return _enc_field(1, _enc_map(context, encode_feature)) + _enc_field(2, _enc_map(feature_lists, flist))
