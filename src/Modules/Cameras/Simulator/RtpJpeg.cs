using System.Buffers.Binary;

namespace Mekong.Modules.Cameras.Simulator;

/// <summary>
/// A baseline JPEG cut into RTP/JPEG packets (RFC 2435, payload type 26): the 8-byte JPEG header (type 1 = 4:2:0,
/// Q 255 with the quantisation tables in the first packet), then the entropy-coded scan. The receiver rebuilds the
/// JPEG headers itself, with the standard Huffman tables, which is what <see cref="BaselineJpeg"/> writes.
/// </summary>
internal sealed class RtpJpeg
{
    public const int PayloadType = 26;
    private const int MaxPayload = 1400;

    private RtpJpeg(int width, int height, byte[] tables, ReadOnlyMemory<byte> scan, byte type)
    {
        Width = width;
        Height = height;
        Tables = tables;
        Scan = scan;
        Type = type;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The luma and chroma quantisation tables, 64 bytes each, in zig-zag order (as DQT holds them).</summary>
    public byte[] Tables { get; }

    public ReadOnlyMemory<byte> Scan { get; }

    public byte Type { get; }

    /// <summary>Reads the parts RTP/JPEG needs from a baseline JPEG; null when it is not one RFC 2435 can carry.</summary>
    public static RtpJpeg? Parse(byte[] jpeg)
    {
        var tables = new byte[128];
        var haveTables = 0;
        int width = 0, height = 0;
        byte type = 255;
        var i = 2;
        while (i + 4 <= jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                return null;
            }

            var marker = jpeg[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            var segment = jpeg.AsSpan(i + 4, length - 2);
            switch (marker)
            {
                case 0xDB:
                    for (var p = 0; p + 65 <= segment.Length; p += 65)
                    {
                        var id = segment[p] & 0x0F;
                        if ((segment[p] >> 4) != 0 || id > 1)
                        {
                            return null;
                        }

                        segment.Slice(p + 1, 64).CopyTo(tables.AsSpan(id * 64));
                        haveTables |= 1 << id;
                    }

                    break;
                case 0xC0:
                    height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                    width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                    var sampling = segment[7];
                    type = sampling switch { 0x22 => 1, 0x21 => 0, _ => 255 };
                    break;
                case 0xC2 or 0xC1 or 0xDD:
                    return null; // progressive, extended or with restart intervals: not for RFC 2435 types 0/1
                case 0xDA:
                    var start = i + 2 + length;
                    var end = jpeg.Length - 2;
                    return haveTables == 3 && type != 255 && width is > 0 and <= 2040 && height is > 0 and <= 2040
                        ? new RtpJpeg(width, height, tables, jpeg.AsMemory(start, end - start), type)
                        : null;
            }

            i += 2 + length;
        }

        return null;
    }

    /// <summary>Writes the frame as RTP packets, each framed for RTSP over TCP (<c>$</c>, channel, length: RFC 2326 §10.12).</summary>
    public IEnumerable<byte[]> Packets(byte channel, ushort firstSequence, uint timestamp, uint ssrc)
    {
        var offset = 0;
        var sequence = firstSequence;
        while (offset < Scan.Length)
        {
            var withTables = offset == 0;
            var header = 12 + 8 + (withTables ? 4 + Tables.Length : 0);
            var chunk = Math.Min(MaxPayload - header, Scan.Length - offset);
            var last = offset + chunk >= Scan.Length;
            var packet = new byte[4 + header + chunk];
            packet[0] = (byte)'$';
            packet[1] = channel;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(header + chunk));
            var rtp = packet.AsSpan(4);
            rtp[0] = 0x80;
            rtp[1] = (byte)((last ? 0x80 : 0) | PayloadType);
            BinaryPrimitives.WriteUInt16BigEndian(rtp[2..], sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(rtp[4..], timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(rtp[8..], ssrc);
            var jpeg = rtp[12..];
            jpeg[0] = 0;
            jpeg[1] = (byte)(offset >> 16);
            jpeg[2] = (byte)(offset >> 8);
            jpeg[3] = (byte)offset;
            jpeg[4] = Type;
            jpeg[5] = 255;
            jpeg[6] = (byte)(Width / 8);
            jpeg[7] = (byte)(Height / 8);
            var body = jpeg[8..];
            if (withTables)
            {
                body[0] = 0;
                body[1] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)Tables.Length);
                Tables.CopyTo(body[4..]);
                body = body[(4 + Tables.Length)..];
            }

            Scan.Span.Slice(offset, chunk).CopyTo(body);
            offset += chunk;
            yield return packet;
        }
    }
}
