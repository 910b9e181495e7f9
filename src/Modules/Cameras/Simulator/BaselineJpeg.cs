namespace Mekong.Modules.Cameras.Simulator;

/// <summary>
/// A baseline JPEG encoder (ITU T.81) that writes the standard Huffman tables of its Annex K.3, 4:2:0, no restart
/// intervals: exactly the JPEG an RFC 2435 receiver rebuilds from RTP/JPEG packets (it knows only the quantisation
/// tables, sent in-band, and assumes the standard Huffman ones). SkiaSharp's encoder writes optimised Huffman tables,
/// so its frames, cut into RTP, decoded as garbage in ffmpeg (ADR 0040).
/// </summary>
internal static class BaselineJpeg
{
    // Annex K.1: the example quantisation tables, in natural (row-major) order.
    private static readonly byte[] LumaQuant =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly byte[] ChromaQuant =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>Zig-zag position k → natural index.</summary>
    private static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    // Annex K.3: code lengths (16 counts) and values of the four standard tables.
    private static readonly byte[] DcLumaBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcLumaValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] DcChromaBits = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    private static readonly byte[] DcChromaValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] AcLumaBits = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
    private static readonly byte[] AcLumaValues =
    [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08,
        0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
        0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
        0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
        0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
    ];

    private static readonly byte[] AcChromaBits = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
    private static readonly byte[] AcChromaValues =
    [
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91,
        0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
        0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
        0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4,
        0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
        0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
    ];

    private static readonly HuffmanTable DcLuma = new(DcLumaBits, DcLumaValues);
    private static readonly HuffmanTable DcChroma = new(DcChromaBits, DcChromaValues);
    private static readonly HuffmanTable AcLuma = new(AcLumaBits, AcLumaValues);
    private static readonly HuffmanTable AcChroma = new(AcChromaBits, AcChromaValues);

    /// <summary>The AAN DCT's output scale per frequency (IJG's jfdctflt): cos(k π / 16) · √2, 1 for k = 0.</summary>
    private static readonly float[] AanScale = [1.0f, 1.387039845f, 1.306562965f, 1.175875602f, 1.0f, 0.785694958f, 0.541196100f, 0.275899379f];

    /// <summary>Encodes RGBA pixels (4 bytes each, row-major); width and height multiples of 16.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> rgba, int width, int height, int quality)
    {
        if (width % 16 != 0 || height % 16 != 0 || width > 2040 || height > 2040 || rgba.Length < width * height * 4)
        {
            throw new ArgumentException("width and height must be multiples of 16, at most 2040, and the pixels whole.");
        }

        var lumaTable = Scale(LumaQuant, quality);
        var chromaTable = Scale(ChromaQuant, quality);
        var output = new Output((width * height / 2) + 1024);
        WriteHeaders(output, width, height, lumaTable, chromaTable);

        // One pass from RGB to the three planes (JFIF's BT.601 full range), chroma averaged over 2 × 2 pixels.
        var luma = new float[width * height];
        var chromaWidth = width / 2;
        var cbPlane = new float[chromaWidth * (height / 2)];
        var crPlane = new float[cbPlane.Length];
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            var chromaRow = (y / 2) * chromaWidth;
            for (var x = 0; x < width; x++)
            {
                var p = (row + x) * 4;
                float r = rgba[p], g = rgba[p + 1], b = rgba[p + 2];
                luma[row + x] = (0.299f * r) + (0.587f * g) + (0.114f * b) - 128f;
                var c = chromaRow + (x / 2);
                cbPlane[c] += ((-0.168736f * r) - (0.331264f * g) + (0.5f * b)) * 0.25f;
                crPlane[c] += ((0.5f * r) - (0.418688f * g) - (0.081312f * b)) * 0.25f;
            }
        }

        var lumaDivisors = Divisors(lumaTable);
        var chromaDivisors = Divisors(chromaTable);
        var bits = new BitWriter(output);
        var block = new float[64];
        int previousY = 0, previousCb = 0, previousCr = 0;
        for (var my = 0; my < height; my += 16)
        {
            for (var mx = 0; mx < width; mx += 16)
            {
                for (var b = 0; b < 4; b++)
                {
                    Load(luma, width, mx + ((b & 1) * 8), my + ((b >> 1) * 8), block);
                    previousY = EncodeBlock(bits, block, lumaDivisors, previousY, DcLuma, AcLuma);
                }

                Load(cbPlane, chromaWidth, mx / 2, my / 2, block);
                previousCb = EncodeBlock(bits, block, chromaDivisors, previousCb, DcChroma, AcChroma);
                Load(crPlane, chromaWidth, mx / 2, my / 2, block);
                previousCr = EncodeBlock(bits, block, chromaDivisors, previousCr, DcChroma, AcChroma);
            }
        }

        bits.Flush();
        output.Add(0xFF);
        output.Add(0xD9);
        return output.ToArray();
    }

    private static void Load(float[] plane, int stride, int left, int top, float[] block)
    {
        for (var y = 0; y < 8; y++)
        {
            Array.Copy(plane, ((top + y) * stride) + left, block, y * 8, 8);
        }
    }

    /// <summary>1 / (table · the AAN scales · 8): what multiplies the AAN DCT's output to quantise it.</summary>
    private static float[] Divisors(byte[] table)
    {
        var divisors = new float[64];
        for (var v = 0; v < 8; v++)
        {
            for (var u = 0; u < 8; u++)
            {
                divisors[(v * 8) + u] = 1f / (table[(v * 8) + u] * AanScale[v] * AanScale[u] * 8f);
            }
        }

        return divisors;
    }

    /// <summary>IJG's quality scaling of a table (1–100), in natural order.</summary>
    private static byte[] Scale(byte[] table, int quality)
    {
        quality = Math.Clamp(quality, 1, 100);
        var factor = quality < 50 ? 5000 / quality : 200 - (quality * 2);
        var scaled = new byte[64];
        for (var i = 0; i < 64; i++)
        {
            scaled[i] = (byte)Math.Clamp(((table[i] * factor) + 50) / 100, 1, 255);
        }

        return scaled;
    }

    private static void WriteHeaders(Output output, int width, int height, byte[] luma, byte[] chroma)
    {
        void Marker(byte marker, int length)
        {
            output.Add(0xFF);
            output.Add(marker);
            output.Add((byte)(length >> 8));
            output.Add((byte)length);
        }

        output.Add(0xFF);
        output.Add(0xD8);
        Marker(0xE0, 16); // JFIF 1.01, no density, no thumbnail
        output.Add("JFIF\0"u8);
        output.Add([1, 1, 0, 0, 1, 0, 1, 0, 0]);

        Marker(0xDB, 2 + (2 * 65));
        foreach (var (id, table) in new[] { (0, luma), (1, chroma) })
        {
            output.Add((byte)id);
            for (var k = 0; k < 64; k++)
            {
                output.Add(table[ZigZag[k]]);
            }
        }

        Marker(0xC0, 17);
        output.Add(8);
        output.Add((byte)(height >> 8));
        output.Add((byte)height);
        output.Add((byte)(width >> 8));
        output.Add((byte)width);
        output.Add([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);

        foreach (var (klass, id, bits, values) in new[] { (0, 0, DcLumaBits, DcLumaValues), (1, 0, AcLumaBits, AcLumaValues), (0, 1, DcChromaBits, DcChromaValues), (1, 1, AcChromaBits, AcChromaValues) })
        {
            Marker(0xC4, 2 + 1 + 16 + values.Length);
            output.Add((byte)((klass << 4) | id));
            output.Add(bits);
            output.Add(values);
        }

        Marker(0xDA, 12);
        output.Add([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    }

    private static int EncodeBlock(BitWriter bits, float[] block, float[] divisors, int previousDc, HuffmanTable dc, HuffmanTable ac)
    {
        // The AAN forward DCT (Arai, Agui, Nakajima; IJG's float version): rows, then columns, in place.
        for (var i = 0; i < 8; i++)
        {
            Dct8(block, i * 8, 1);
        }

        for (var i = 0; i < 8; i++)
        {
            Dct8(block, i, 8);
        }

        Span<int> coefficients = stackalloc int[64];
        for (var i = 0; i < 64; i++)
        {
            coefficients[i] = (int)MathF.Round(block[i] * divisors[i]);
        }

        var diff = coefficients[0] - previousDc;
        WriteValue(bits, dc, 0, diff);
        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = coefficients[ZigZag[k]];
            if (value == 0)
            {
                run++;
                continue;
            }

            while (run > 15)
            {
                bits.Write(ac.Codes[0xF0], ac.Lengths[0xF0]);
                run -= 16;
            }

            WriteValue(bits, ac, run, value);
            run = 0;
        }

        if (run > 0)
        {
            bits.Write(ac.Codes[0x00], ac.Lengths[0x00]); // end of block
        }

        return coefficients[0];
    }

    private static void Dct8(float[] d, int o, int step)
    {
        float d0 = d[o], d1 = d[o + step], d2 = d[o + (2 * step)], d3 = d[o + (3 * step)];
        float d4 = d[o + (4 * step)], d5 = d[o + (5 * step)], d6 = d[o + (6 * step)], d7 = d[o + (7 * step)];
        float tmp0 = d0 + d7, tmp7 = d0 - d7, tmp1 = d1 + d6, tmp6 = d1 - d6;
        float tmp2 = d2 + d5, tmp5 = d2 - d5, tmp3 = d3 + d4, tmp4 = d3 - d4;

        float tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
        d[o] = tmp10 + tmp11;
        d[o + (4 * step)] = tmp10 - tmp11;
        var z1 = (tmp12 + tmp13) * 0.707106781f;
        d[o + (2 * step)] = tmp13 + z1;
        d[o + (6 * step)] = tmp13 - z1;

        tmp10 = tmp4 + tmp5;
        tmp11 = tmp5 + tmp6;
        tmp12 = tmp6 + tmp7;
        var z5 = (tmp10 - tmp12) * 0.382683433f;
        var z2 = (0.541196100f * tmp10) + z5;
        var z4 = (1.306562965f * tmp12) + z5;
        var z3 = tmp11 * 0.707106781f;
        float z11 = tmp7 + z3, z13 = tmp7 - z3;
        d[o + (5 * step)] = z13 + z2;
        d[o + (3 * step)] = z13 - z2;
        d[o + step] = z11 + z4;
        d[o + (7 * step)] = z11 - z4;
    }

    /// <summary>A (run, size) symbol and the value's bits (T.81 F.1.2).</summary>
    private static void WriteValue(BitWriter bits, HuffmanTable table, int run, int value)
    {
        var magnitude = Math.Abs(value);
        var size = 0;
        while (magnitude > 0)
        {
            size++;
            magnitude >>= 1;
        }

        var symbol = (run << 4) | size;
        bits.Write(table.Codes[symbol], table.Lengths[symbol]);
        if (size > 0)
        {
            var extra = value < 0 ? value + (1 << size) - 1 : value;
            bits.Write(extra, size);
        }
    }

    /// <summary>A Huffman table's code and length per symbol, from its BITS and HUFFVAL lists (T.81 Annex C).</summary>
    private sealed class HuffmanTable
    {
        public HuffmanTable(byte[] bits, byte[] values)
        {
            var code = 0;
            var k = 0;
            for (var length = 1; length <= 16; length++)
            {
                for (var i = 0; i < bits[length - 1]; i++)
                {
                    Codes[values[k]] = code;
                    Lengths[values[k]] = length;
                    code++;
                    k++;
                }

                code <<= 1;
            }
        }

        public int[] Codes { get; } = new int[256];

        public int[] Lengths { get; } = new int[256];
    }

    /// <summary>The JPEG being written: a growing byte array.</summary>
    private sealed class Output(int capacity)
    {
        private byte[] _bytes = new byte[capacity];
        private int _length;

        public void Add(byte value)
        {
            if (_length == _bytes.Length)
            {
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }

            _bytes[_length++] = value;
        }

        public void Add(ReadOnlySpan<byte> values)
        {
            foreach (var value in values)
            {
                Add(value);
            }
        }

        public byte[] ToArray() => _bytes.AsSpan(0, _length).ToArray();
    }

    /// <summary>Entropy-coded bits, most significant first, with a 0 stuffed after every 0xFF byte.</summary>
    private sealed class BitWriter(Output output)
    {
        private uint _buffer;
        private int _count;

        public void Write(int value, int length)
        {
            // At most 16 bits at a time, and at most 7 left over: never more than 23 in the buffer.
            _buffer = (_buffer << length) | ((uint)value & ((1u << length) - 1));
            _count += length;
            while (_count >= 8)
            {
                _count -= 8;
                Emit((byte)(_buffer >> _count));
            }
        }

        public void Flush()
        {
            if (_count > 0)
            {
                Write((1 << (8 - _count)) - 1, 8 - _count); // pad with ones
            }
        }

        private void Emit(byte value)
        {
            output.Add(value);
            if (value == 0xFF)
            {
                output.Add(0);
            }
        }
    }
}
