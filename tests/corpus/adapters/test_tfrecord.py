import numpy as np
import pytest

from music_visual.corpus.adapters import tfrecord


def test_crc32c_known_value():
    assert tfrecord.crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value


def test_records_round_trip_and_corruption_is_detected(tmp_path):
    path = tmp_path / "x.tfrecord"
    tfrecord.write_records(path, [b"one", b"", b"three" * 100])
    assert list(tfrecord.read_records(path)) == [b"one", b"", b"three" * 100]
    data = bytearray(path.read_bytes())
    data[14] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(tfrecord.RecordError, match="checksum"):
        list(tfrecord.read_records(path))
    path.write_bytes(bytes(data[:20]))
    with pytest.raises(tfrecord.RecordError, match="truncated"):
        list(tfrecord.read_records(path, verify=False))


def test_example_round_trip():
    msg = tfrecord.encode_example({"id": ["abc"], "labels": np.array([3, 300000]),
                                   "mean_rgb": np.linspace(-1, 1, 5, dtype=np.float32)})
    out = tfrecord.decode_example(msg)
    assert out["id"] == [b"abc"] and list(out["labels"]) == [3, 300000]
    np.testing.assert_allclose(out["mean_rgb"], np.linspace(-1, 1, 5))


def test_unpacked_repeated_fields_are_read_too():
    # Int64List {value: 7, value: 9} written unpacked (wire type 0): 08 07 08 09
    feature = bytes([0x1A, 0x04, 0x08, 0x07, 0x08, 0x09])
    assert list(tfrecord.decode_feature(feature)) == [7, 9]


def test_sequence_example_round_trip():
    msg = tfrecord.encode_sequence_example({"id": ["v"], "labels": np.array([1])},
                                           {"rgb": [[b"\x00\xff"], [b"\x10\x20"]]})
    context, lists = tfrecord.decode_sequence_example(msg)
    assert context["id"] == [b"v"] and lists["rgb"] == [[b"\x00\xff"], [b"\x10\x20"]]
