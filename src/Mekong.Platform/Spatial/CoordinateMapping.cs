using NetTopologySuite.Geometries;

namespace Mekong.Platform.Spatial;

/// <summary>Applies a function to every coordinate of a copy of a geometry: datum and projection changes, local scaling.</summary>
public static class CoordinateMapping
{
    public static Geometry Map(this Geometry geometry, Func<double, double, (double X, double Y)> map)
    {
        var copy = geometry.Copy();
        copy.Apply(new MappingFilter(map));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class MappingFilter(Func<double, double, (double X, double Y)> map) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = map(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
