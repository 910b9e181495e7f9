using System.Globalization;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Platform.Jobs;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;
using NetTopologySuite.Precision;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// The reading step: from a file's features to candidates — the coordinate system resolved, attributes read by the
/// mapping, geometry transformed to WGS 84, reduced to storage precision and repaired — rejecting what cannot be a unit.
/// </summary>
internal static class CandidateReader
{
    private static readonly PrecisionModel StoragePrecision = new(1e7);

    public static SourceCrs? ResolveCrs(FeatureSet set, ImportOptions options, ImportReport report)
    {
        var declared = options.SourceCrs ?? set.DeclaredCrs;
        if (options.SourceCrs is not null && set.DeclaredCrs is not null)
        {
            report.Notes.Add(ImportMessages.Get("SourceCrsOverrides"));
        }

        if (declared is null)
        {
            if (set.CrsRequired)
            {
                report.FileError = ImportMessages.Format("NoPrj", report.FileName);
                return null;
            }

            report.Notes.Add(ImportMessages.Get("AssumedWgs84"));
            return SourceCrs.Wgs84;
        }

        var crs = SourceCrs.Resolve(declared, out var error);
        if (crs is null)
        {
            report.FileError = error;
        }

        return crs;
    }

    public static bool HasProperties(FeatureSet set, ImportOptions options, ImportReport report)
    {
        var present = set.Features.SelectMany(f => f.Attributes.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = new[] { options.CodeProperty, options.NameProperty }.Where(p => !present.Contains(p)).ToList();
        if (set.Features.Count == 0)
        {
            report.FileError = ImportMessages.Format("NoFeatures", report.FileName);
            return false;
        }

        if (missing.Count > 0)
        {
            report.FileError = ImportMessages.Format(
                "MissingProperties", string.Join(ImportMessages.Get("Or"), missing.Select(m => $"'{m}'")), string.Join(", ", present.Order(StringComparer.OrdinalIgnoreCase)));
            return false;
        }

        return true;
    }

    public static List<ImportCandidate> ReadCandidates(
        FeatureSet set, SourceCrs crs, ImportOptions options, ImportReport report, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var candidates = new List<ImportCandidate>(set.Features.Count);
        var stage = ImportMessages.Get("StepTransform");
        progress?.Report(new ProgressUpdate(0, set.Features.Count, stage));
        foreach (var feature in set.Features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (feature.Number % AdminUnitImporter.ProgressEvery == 0)
            {
                progress?.Report(new ProgressUpdate(feature.Number, set.Features.Count, stage));
            }

            var candidate = ReadCandidate(feature, crs, options, report);
            if (candidate is not null)
            {
                candidates.Add(candidate);
            }
        }

        progress?.Report(new ProgressUpdate(set.Features.Count, set.Features.Count, stage));
        return candidates;
    }

    private static ImportCandidate? ReadCandidate(SourceFeature feature, SourceCrs crs, ImportOptions options, ImportReport report)
    {
        var code = Attribute(feature, options.CodeProperty);
        var candidate = new ImportCandidate(feature.Number, code ?? string.Empty);
        if (code is null)
        {
            report.Reject(feature.Number, null, ImportMessages.Format("NoCode", options.CodeProperty));
            return null;
        }

        var valid = true;
        void Reject(string message)
        {
            report.Reject(feature.Number, code, message);
            valid = false;
        }

        if (feature.Problem is not null)
        {
            Reject(feature.Problem);
        }

        candidate.NameVi = Attribute(feature, options.NameProperty) ?? string.Empty;
        if (candidate.NameVi.Length == 0)
        {
            Reject(ImportMessages.Format("NoName", options.NameProperty));
        }

        candidate.NameEn = Attribute(feature, options.NameEnProperty);
        if (candidate.NameVi.Length > 0 && AdminUnit.NameProblem(candidate.NameVi, candidate.NameEn) is not null)
        {
            // Only this feature: the rule is the entity's (length, one line of visible text), the message the reader's language.
            Reject(ImportMessages.Format("BadName", AdminUnit.MaxNameLength));
        }

        candidate.ParentCode = options.Level == AdminLevel.Province ? null : Attribute(feature, options.ParentProperty);
        candidate.Population = Count(feature, options.PopulationProperty, Reject);
        candidate.Households = Count(feature, options.HouseholdsProperty, Reject);

        var geometry = feature.Geometry;
        if (geometry is null || geometry.IsEmpty)
        {
            if (feature.Problem is null)
            {
                Reject(ImportMessages.Get("NoGeometry"));
            }

            return null;
        }

        if (geometry is not (Polygon or MultiPolygon))
        {
            Reject(ImportMessages.Format("NotPolygon", geometry.GeometryType));
            return null;
        }

        try
        {
            geometry = crs.ToWgs84(geometry);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            Reject(ImportMessages.Format("NotTransformed", ex.Message));
            return null;
        }

        // Stored to 1e-7° (about 1 cm, far below survey accuracy): the vertices two neighbours share then coincide
        // exactly even after the datum shift, so a clean coverage stays clean (see CheckSiblings).
        geometry = GeometryPrecisionReducer.ReducePointwise(geometry, StoragePrecision);
        var box = geometry.EnvelopeInternal;
        if (!Geo.IsValidLatLon(box.MinY, box.MinX) || !Geo.IsValidLatLon(box.MaxY, box.MaxX) || double.IsNaN(box.MinX))
        {
            Reject(ImportMessages.Format("NotLonLat", box.MinX.ToString("0.###", CultureInfo.InvariantCulture), box.MinY.ToString("0.###", CultureInfo.InvariantCulture)));
            return null;
        }

        if (box.MinX < 100 || box.MaxX > 120 || box.MinY < 5 || box.MaxY > 25)
        {
            static string Degrees(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
            report.Warn(feature.Number, code, ImportMessages.Format("OutsideVietnam", Degrees(box.MinY), Degrees(box.MaxY), Degrees(box.MinX), Degrees(box.MaxX)));
        }

        if (!geometry.IsValid)
        {
            var error = new IsValidOp(geometry).ValidationError;
            var repaired = Polygonal(GeometryFixer.Fix(geometry));
            // NTS names the error in English ("Self-intersection"): a term GIS tools show as it is.
            var what = error?.Message ?? ImportMessages.Get("Invalid");
            var message = error?.Coordinate is { } c ? ImportMessages.Format("RepairedAt", what, ImportMeasures.Location(c)) : ImportMessages.Format("Repaired", what);
            report.Warn(feature.Number, code, message, error?.Coordinate is { } at ? Geo.Factory.CreatePoint(at) : null);
            geometry = repaired;
        }

        if (geometry.IsEmpty || ImportMeasures.AreaSquareMetres(geometry) < 1)
        {
            Reject(ImportMessages.Get("NoArea"));
            return null;
        }

        report.Shapes?.Add(new ImportShape(feature.Number, code, candidate.NameVi, geometry));
        candidate.Geometry = geometry is Polygon p ? Geo.Factory.CreateMultiPolygon([p]) : Geo.Factory.CreateMultiPolygon(((MultiPolygon)geometry).Geometries.Cast<Polygon>().ToArray());
        return valid ? candidate : null;
    }

    private static Geometry Polygonal(Geometry geometry)
    {
        var polygons = PolygonExtracter.GetPolygons(geometry).Cast<Polygon>().Where(p => !p.IsEmpty).ToArray();
        return polygons.Length == 1 ? polygons[0] : Geo.Factory.CreateMultiPolygon(polygons);
    }

    private static string? Attribute(SourceFeature feature, string name) =>
        feature.Attributes.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int? Count(SourceFeature feature, string name, Action<string> reject)
    {
        var text = Attribute(feature, name);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= int.MaxValue && value == Math.Floor(value))
        {
            return (int)value;
        }

        reject(ImportMessages.Format("NotWholeNumber", name, text));
        return null;
    }

    public static void RejectDuplicateCodes(List<ImportCandidate> candidates, ImportReport report)
    {
        // A code read from a rejected feature still counts: two features claiming one code is the mistake to report.
        var numbers = report.Rejections.Where(r => r.Code is not null && r.Feature is not null).Select(r => (Code: r.Code!, Number: r.Feature!.Value))
            .Concat(candidates.Select(c => (c.Code, c.Number)))
            .GroupBy(x => x.Code, StringComparer.Ordinal)
            .Where(g => g.Select(x => x.Number).Distinct().Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Number).Distinct().Order().ToList(), StringComparer.Ordinal);
        foreach (var (code, list) in numbers)
        {
            foreach (var number in list)
            {
                report.Reject(number, code, ImportMessages.Format("DuplicateCode", code, list.Count, string.Join(", ", list)));
            }
        }

        candidates.RemoveAll(c => numbers.ContainsKey(c.Code));
    }
}
