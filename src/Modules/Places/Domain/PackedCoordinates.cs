using System.Buffers.Binary;

namespace Mekong.Modules.Places.Domain;

/// <summary>The packed arrays of <see cref="Road"/> and <see cref="MapFeature"/>: little-endian, fixed width.</summary>
internal static class PackedCoordinates
{
    public const double Scale = 1e7;

    public static byte[] PackIds(ReadOnlySpan<long> ids)
    {
        var bytes = new byte[ids.Length * 8];
        for (var i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), ids[i]);
        }

        return bytes;
    }

    public static long[] UnpackIds(byte[] bytes)
    {
        var ids = new long[bytes.Length / 8];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8));
        }

        return ids;
    }

    public static byte[] Pack(ReadOnlySpan<int> latLon7)
    {
        var bytes = new byte[latLon7.Length * 4];
        for (var i = 0; i < latLon7.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), latLon7[i]);
        }

        return bytes;
    }

    /// <summary>The points as (latitude, longitude) in degrees.</summary>
    public static (double Lat, double Lon)[] Unpack(byte[] bytes)
    {
        var points = new (double, double)[bytes.Length / 8];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 8)) / Scale, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((i * 8) + 4)) / Scale);
        }

        return points;
    }

    public static int ToFixed(double degrees) => (int)Math.Round(degrees * Scale);
}
