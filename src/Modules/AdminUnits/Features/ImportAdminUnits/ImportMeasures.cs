using System.Globalization;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>Areas in square metres at the geometry's latitude, and how the report writes hectares, places and shares.</summary>
internal static class ImportMeasures
{
    public static double AreaSquareMetres(Geometry geometry)
    {
        if (geometry.IsEmpty)
        {
            return 0;
        }

        var (perLon, perLat) = Geo.MetresPerDegree(geometry.EnvelopeInternal.Centre.Y);
        return geometry.Area * perLon * perLat;
    }

    public static string Hectares(double squareMetres) => (squareMetres / 10_000).ToString(squareMetres < 100_000 ? "0.##" : "0.#", CultureInfo.InvariantCulture);

    public static string Location(Geometry geometry) => Location(geometry.InteriorPoint.Coordinate ?? geometry.Centroid.Coordinate);

    public static string Location(Coordinate c) =>
        ImportMessages.Format("LatLon", c.Y.ToString("0.#####", CultureInfo.InvariantCulture), c.X.ToString("0.#####", CultureInfo.InvariantCulture));

    public static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
