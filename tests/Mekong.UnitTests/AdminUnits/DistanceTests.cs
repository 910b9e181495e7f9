using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;

namespace Mekong.UnitTests.AdminUnits;

public sealed class DistanceTests
{
    private static readonly Polygon Square = new BoundingBox(105.9, 9.7, 106.0, 9.8).ToPolygon();

    [Fact]
    public void A_point_east_of_a_polygon_is_its_longitude_gap_in_metres_away()
    {
        // 0.01° of longitude at 9.75°N is 111,319.49 m × cos(9.75°) / 100 ≈ 1,097 m.
        var metres = AdminUnitQueries.DistanceMetres(Square, Geo.Point(106.01, 9.75));
        Assert.InRange(metres, 1_090, 1_100);
    }

    [Fact]
    public void A_point_north_of_a_polygon_is_its_latitude_gap_in_metres_away()
    {
        var metres = AdminUnitQueries.DistanceMetres(Square, Geo.Point(105.95, 9.81));
        Assert.InRange(metres, 1_110, 1_116);
    }

    [Fact]
    public void A_point_inside_is_at_distance_zero_and_the_geometry_is_not_changed()
    {
        Assert.Equal(0, AdminUnitQueries.DistanceMetres(Square, Geo.Point(105.95, 9.75)));
        Assert.Equal(105.9, Square.EnvelopeInternal.MinX);
    }
}
