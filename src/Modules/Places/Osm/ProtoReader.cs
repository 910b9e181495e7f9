namespace Mekong.Modules.Places.Osm;

/// <summary>Protobuf wire types (https://protobuf.dev/programming-guides/encoding/).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}

/// <summary>
/// A minimal protobuf decoder over a byte range: varints, zigzag, length-delimited fields and packed repeated
/// numbers, which is all the OSM PBF messages use (ADR 0029: no code generator, no package, every read bounds-checked).
/// A malformed message throws <see cref="OsmFormatException"/> naming the field.
/// </summary>
internal struct ProtoReader(byte[] buffer, int offset, int length)
{
    private readonly byte[] _buffer = buffer;
    private readonly int _end = offset + length;
    private int _position = offset;

    public readonly bool AtEnd => _position >= _end;

    /// <summary>The next field's number and wire type; false at the end of the message.</summary>
    public bool Next(out int field, out WireType wireType)
    {
        if (AtEnd)
        {
            field = 0;
            wireType = default;
            return false;
        }

        var key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (WireType)(key & 7);
        if (field <= 0 || wireType is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
        {
            throw new OsmFormatException($"invalid protobuf field key {key}");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _end)
            {
                throw new OsmFormatException("a number runs past the end of its message");
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new OsmFormatException("a number is longer than 10 bytes");
    }

    public long ReadInt64() => (long)ReadVarint();

    public int ReadInt32() => (int)(long)ReadVarint();

    public long ReadSInt64() => Zigzag(ReadVarint());

    public static long Zigzag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>The bytes of a length-delimited field, as (offset, length) into the buffer.</summary>
    public (int Offset, int Length) ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw new OsmFormatException($"a field of {length} bytes runs past the end of its message ({_end - _position} left)");
        }

        var start = _position;
        _position += (int)length;
        return (start, (int)length);
    }

    public ProtoReader ReadMessage()
    {
        var (start, length) = ReadBytes();
        return new ProtoReader(_buffer, start, length);
    }

    public string ReadString()
    {
        var (start, length) = ReadBytes();
        return System.Text.Encoding.UTF8.GetString(_buffer, start, length);
    }

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
        }
    }

    private void Advance(int count)
    {
        if (_end - _position < count)
        {
            throw new OsmFormatException("a fixed-size field runs past the end of its message");
        }

        _position += count;
    }

    /// <summary>Reads a packed repeated varint field (or one unpacked element) into <paramref name="into"/>.</summary>
    public void ReadPackedVarints(WireType wireType, List<ulong> into)
    {
        if (wireType == WireType.Varint)
        {
            into.Add(ReadVarint());
            return;
        }

        var packed = ReadMessage();
        while (!packed.AtEnd)
        {
            into.Add(packed.ReadVarint());
        }
    }
}
