using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Mekong.Platform.Spatial;

/// <summary>
/// Stores an NTS geometry as ISO WKB in a SQLite BLOB. SQLite has no spatial type without SpatiaLite (a native
/// library we do not want users to install), so spatial predicates run in NTS after an R*Tree pre-filter;
/// see <see cref="SqliteSpatialIndex"/>.
/// </summary>
public sealed class GeometryWkbConverter() : ValueConverter<Geometry, byte[]>(
    geometry => Write(geometry),
    bytes => Read(bytes))
{
    /// <summary>
    /// Change tracking compares geometries by reference: domain code replaces a geometry, never mutates it in place.
    /// (EF's default would compare the converted WKB of every tracked row, which made a bulk import crawl.)
    /// </summary>
    public static ValueComparer<Geometry> Comparer { get; } = new(
        (a, b) => ReferenceEquals(a, b),
        g => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(g),
        g => g);

    private static byte[] Write(Geometry geometry) => new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false).Write(geometry);

    private static Geometry Read(byte[] bytes)
    {
        var geometry = new WKBReader(NetTopologySuite.NtsGeometryServices.Instance).Read(bytes);
        geometry.SRID = Geo.Wgs84;
        return geometry;
    }
}
