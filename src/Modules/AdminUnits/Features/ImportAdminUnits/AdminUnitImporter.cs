using System.Globalization;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Events;
using Mekong.Platform.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Valid;
using NetTopologySuite.Precision;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// Imports one level of a jurisdiction's units from a boundary file: read, transform to WGS 84, validate everything,
/// then — only when nothing was rejected (or <see cref="ImportOptions.SkipInvalid"/>) and it is not a dry run — write
/// the new versions in one transaction. Callable from the CLI (a path) and from an upload (a stream).
/// </summary>
internal sealed class AdminUnitImporter(AdminUnitsDbContext db, IOptions<ImportLimits> limits, ImportGate gate, IEventPublisher? events = null)
{
    public const int ProgressEvery = 500;

    /// <summary>Containment tolerance: a unit may stick out of its parent by 1 % of its area, or by up to 50 m anywhere.</summary>
    private const double OutsideShareTolerance = 0.01;
    private const double OutsideMetresTolerance = 50;

    /// <summary>Overlaps and gaps below this are digitising noise and not reported.</summary>
    private const double ReportableSquareMetres = 100;

    /// <summary>An overlap above this share of the smaller unit is a unit drawn twice, not a border sliver: rejected.</summary>
    private const double RejectedOverlapShare = 0.01;

    private const int MaxListedPerKind = 50;

    private static readonly PrecisionModel StoragePrecision = new(1e7);

    /// <summary>What the file holds (format, coordinate system, properties with examples), read under the same limits and gate as an import.</summary>
    public FilePreview Describe(ImportFile file, CancellationToken cancellationToken)
    {
        using var slot = gate.Enter();
        return ImportPreview.Describe(FeatureReaders.Read(file, limits.Value, cancellationToken));
    }

    public async Task<ImportReport> ImportAsync(ImportFile file, ImportOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var report = new ImportReport(file.FileName, options);
        IDisposable slot;
        try
        {
            slot = gate.Enter();
        }
        catch (ImportFileException ex) when (ex.Busy)
        {
            report.FileError = ex.Message;
            report.Busy = true;
            return report;
        }

        using (slot)
        {
            return await ImportAsync(file, options, report, progress, cancellationToken);
        }
    }

    private async Task<ImportReport> ImportAsync(ImportFile file, ImportOptions options, ImportReport report, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!await db.Jurisdictions.AnyAsync(j => j.Code == options.JurisdictionCode, cancellationToken))
        {
            report.FileError = ImportMessages.Format("NoJurisdiction", options.JurisdictionCode);
            return report;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Step(string name)
        {
            report.Timings.Add((name, watch.Elapsed));
            watch.Restart();
        }

        FeatureSet set;
        try
        {
            set = FeatureReaders.Read(file, limits.Value, cancellationToken);
            Step(ImportMessages.Get("StepRead"));
        }
        catch (ImportFileException ex)
        {
            report.FileError = ex.Message;
            return report;
        }

        report.Format = set.Format;
        report.Features = set.Features.Count;
        report.Notes.AddRange(set.Notes);
        var crs = ResolveCrs(set, options, report);
        if (crs is null)
        {
            return report;
        }

        report.Crs = crs.Description;
        if (!HasProperties(set, options, report))
        {
            return report;
        }

        var candidates = ReadCandidates(set, crs, options, report, progress, cancellationToken);
        RejectDuplicateCodes(candidates, report);
        Step(ImportMessages.Get("StepTransform"));
        var parents = await ResolveParentsAsync(candidates, options, report, cancellationToken);
        CheckContainment(candidates, parents, report, progress, cancellationToken);
        Step(ImportMessages.Get("StepParents"));
        CheckSiblings(candidates, parents, report, progress, cancellationToken);
        Step(ImportMessages.Get("StepSiblings"));
        await ApplyAsync(candidates, options, report, cancellationToken);
        Step(ImportMessages.Get(report.Applied ? "StepWrite" : "StepCompare"));
        return report;
    }

    private static SourceCrs? ResolveCrs(FeatureSet set, ImportOptions options, ImportReport report)
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

    private static bool HasProperties(FeatureSet set, ImportOptions options, ImportReport report)
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

    private static List<Candidate> ReadCandidates(
        FeatureSet set, SourceCrs crs, ImportOptions options, ImportReport report, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var candidates = new List<Candidate>(set.Features.Count);
        foreach (var feature in set.Features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (feature.Number % ProgressEvery == 0)
            {
                progress?.Report(ImportMessages.Format("ProgressRead", feature.Number, set.Features.Count));
            }

            var candidate = ReadCandidate(feature, crs, options, report);
            if (candidate is not null)
            {
                candidates.Add(candidate);
            }
        }

        return candidates;
    }

    private static Candidate? ReadCandidate(SourceFeature feature, SourceCrs crs, ImportOptions options, ImportReport report)
    {
        var code = Attribute(feature, options.CodeProperty);
        var candidate = new Candidate(feature.Number, code ?? string.Empty);
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
            var message = error?.Coordinate is { } c ? ImportMessages.Format("RepairedAt", what, Location(c)) : ImportMessages.Format("Repaired", what);
            report.Warn(feature.Number, code, message, error?.Coordinate is { } at ? Geo.Factory.CreatePoint(at) : null);
            geometry = repaired;
        }

        if (geometry.IsEmpty || AreaSquareMetres(geometry) < 1)
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

    private static void RejectDuplicateCodes(List<Candidate> candidates, ImportReport report)
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

    private async Task<Dictionary<string, AdminUnit>> ResolveParentsAsync(List<Candidate> candidates, ImportOptions options, ImportReport report, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<string, AdminUnit>(StringComparer.Ordinal);
        if (options.Level == AdminLevel.Province)
        {
            return parents;
        }

        if (options.Level == AdminLevel.Commune && candidates.Any(c => c.ParentCode is null))
        {
            // Since 1 July 2025 a commune's parent is its province: a file of communes need not say so.
            var province = await db.AdminUnits.AsNoTracking().ValidOn(options.ValidFrom)
                .Where(u => u.JurisdictionCode == options.JurisdictionCode && u.Level == AdminLevel.Province)
                .OrderBy(u => u.Code).FirstOrDefaultAsync(cancellationToken);
            if (province is not null)
            {
                foreach (var candidate in candidates.Where(c => c.ParentCode is null))
                {
                    candidate.ParentCode = province.Code;
                }
            }
        }

        var wanted = candidates.Where(c => c.ParentCode is not null).Select(c => c.ParentCode!).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count > 0)
        {
            foreach (var unit in await db.AdminUnits.AsNoTracking().ValidOn(options.ValidFrom).Where(u => wanted.Contains(u.Code)).ToListAsync(cancellationToken))
            {
                parents[unit.Code] = unit;
            }
        }

        foreach (var candidate in candidates.Where(c => c.ParentCode is not null && !parents.ContainsKey(c.ParentCode)).ToList())
        {
            report.Reject(candidate.Number, candidate.Code,
                ImportMessages.Format("ParentMissing", candidate.ParentCode, options.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            candidates.Remove(candidate);
        }

        return parents;
    }

    private static void CheckContainment(
        List<Candidate> candidates, Dictionary<string, AdminUnit> parents, ImportReport report, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var prepared = parents.ToDictionary(p => p.Key, p => PreparedGeometryFactory.Prepare(p.Value.Geometry), StringComparer.Ordinal);
        var buffered = new Dictionary<string, IPreparedGeometry>(StringComparer.Ordinal);
        var checkedCount = 0;
        foreach (var candidate in candidates.Where(c => c.ParentCode is not null).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++checkedCount % ProgressEvery == 0)
            {
                progress?.Report(ImportMessages.Format("ProgressParents", checkedCount));
            }

            var parentCode = candidate.ParentCode!;
            if (prepared[parentCode].Covers(candidate.Geometry))
            {
                continue;
            }

            var parent = parents[parentCode].Geometry;
            var outside = OverlayNGRobust.Overlay(candidate.Geometry, parent, SpatialFunction.Difference);
            var outsideM2 = AreaSquareMetres(outside);
            if (outsideM2 < ReportableSquareMetres)
            {
                continue;
            }

            var share = outsideM2 / AreaSquareMetres(candidate.Geometry);
            if (!buffered.TryGetValue(parentCode, out var margin))
            {
                var (perLon, _) = Geo.MetresPerDegree(parent.EnvelopeInternal.Centre.Y);
                margin = PreparedGeometryFactory.Prepare(parent.Buffer(OutsideMetresTolerance / perLon));
                buffered[parentCode] = margin;
            }

            object[] details = [Hectares(outsideM2), Percent(share), parentCode, Location(outside)];
            if (share <= OutsideShareTolerance || margin.Covers(candidate.Geometry))
            {
                report.Warn(candidate.Number, candidate.Code, ImportMessages.Format("OutsideWarning", details), outside);
            }
            else
            {
                report.Reject(candidate.Number, candidate.Code, ImportMessages.Format("OutsideRejection", details), outside);
                candidates.Remove(candidate);
            }
        }
    }

    /// <summary>Overlaps and gaps between units of one parent (of the whole file for provinces): reported with area and place.</summary>
    private static void CheckSiblings(
        List<Candidate> candidates, Dictionary<string, AdminUnit> parents, ImportReport report, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var overlapping = new HashSet<Candidate>();
        var overlaps = 0;
        foreach (var group in candidates.GroupBy(c => c.ParentCode ?? string.Empty))
        {
            var siblings = group.ToList();
            var parent = group.Key.Length == 0 ? null : parents.GetValueOrDefault(group.Key);
            var geometries = siblings.Select(s => (Geometry)s.Geometry).ToArray();
            if (CoverageValidator.IsValid(geometries))
            {
                // A clean coverage (interiors disjoint, shared borders with the same vertices), as GIS software with
                // topology rules writes it: no overlap to look for, and the union is a fast edge match.
                ReportGaps(NetTopologySuite.Coverage.CoverageUnion.Union(geometries), parent, report);
                continue;
            }

            // Not a clean coverage: borders that do not share vertices, or real overlaps. The union shows how much
            // area is counted twice; only when that is worth reporting are the pairs searched for it.
            var union = OverlayNGRobust.Union(geometries, Geo.Factory);
            // In square degrees, one planar measure for both sides, then to square metres at the group's latitude.
            var (perLon, perLat) = Geo.MetresPerDegree(union.EnvelopeInternal.Centre.Y);
            var doubleCounted = (siblings.Sum(s => s.Geometry.Area) - union.Area) * perLon * perLat;
            if (doubleCounted >= ReportableSquareMetres)
            {
                overlaps += FindOverlaps(siblings, report, overlapping, progress, cancellationToken);
            }

            ReportGaps(union, parent, report);
        }

        if (overlaps > MaxListedPerKind)
        {
            report.Warn(null, null, ImportMessages.Format("MoreOverlaps", overlaps - MaxListedPerKind));
        }

        candidates.RemoveAll(overlapping.Contains);
    }

    /// <summary>Searches sibling pairs for overlaps: rejects both units of a large one, warns of small ones; returns how many small ones it found.</summary>
    private static int FindOverlaps(List<Candidate> siblings, ImportReport report, HashSet<Candidate> overlapping, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var overlaps = 0;
        var tree = new STRtree<Candidate>();
        foreach (var sibling in siblings)
        {
            tree.Insert(sibling.Geometry.EnvelopeInternal, sibling);
        }

        tree.Build();
        var done = 0;
        foreach (var a in siblings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++done % ProgressEvery == 0)
            {
                progress?.Report(ImportMessages.Format("ProgressOverlaps", done, siblings.Count));
            }

            var preparedA = PreparedGeometryFactory.Prepare(a.Geometry);
            foreach (var b in tree.Query(a.Geometry.EnvelopeInternal))
            {
                if (b.Number <= a.Number || !preparedA.Intersects(b.Geometry) || preparedA.Touches(b.Geometry))
                {
                    continue;
                }

                var shared = OverlayNGRobust.Overlay(a.Geometry, b.Geometry, SpatialFunction.Intersection);
                var m2 = AreaSquareMetres(shared);
                if (m2 < ReportableSquareMetres)
                {
                    continue;
                }

                var smaller = Math.Min(AreaSquareMetres(a.Geometry), AreaSquareMetres(b.Geometry));
                var (hectares, around) = (Hectares(m2), Location(shared));
                if (m2 > smaller * RejectedOverlapShare)
                {
                    var share = Percent(m2 / smaller);
                    report.Reject(a.Number, a.Code, ImportMessages.Format("OverlapRejection", b.Code, hectares, around, share), shared);
                    report.Reject(b.Number, b.Code, ImportMessages.Format("OverlapRejection", a.Code, hectares, around, share), shared);
                    overlapping.Add(a);
                    overlapping.Add(b);
                }
                else if (++overlaps <= MaxListedPerKind)
                {
                    report.Warn(a.Number, a.Code, ImportMessages.Format("OverlapWarning", b.Code, hectares, around), shared);
                }
            }
        }

        return overlaps;
    }

    /// <summary>Gaps: what of the parent no sibling covers, or, without a parent, holes the siblings enclose.</summary>
    private static void ReportGaps(Geometry union, AdminUnit? parent, ImportReport report)
    {
        if (union.IsEmpty)
        {
            return;
        }

        IEnumerable<Geometry> gaps;
        if (parent is not null)
        {
            gaps = PolygonExtracter.GetPolygons(OverlayNGRobust.Overlay(parent.Geometry, union, SpatialFunction.Difference));
        }
        else
        {
            // Without a parent, a gap is a hole enclosed by the units that no unit covers.
            gaps = PolygonExtracter.GetPolygons(union).Cast<Polygon>().SelectMany(p => p.Holes).Select(h => (Geometry)Geo.Factory.CreatePolygon(h));
        }

        var listed = gaps.Select(g => (Gap: g, M2: AreaSquareMetres(g))).Where(g => g.M2 >= ReportableSquareMetres).OrderByDescending(g => g.M2).ToList();
        foreach (var (gap, m2) in listed.Take(MaxListedPerKind))
        {
            report.Warn(null, null, parent is null
                ? ImportMessages.Format("Gap", Hectares(m2), Location(gap))
                : ImportMessages.Format("GapOf", parent.Code, Hectares(m2), Location(gap)), gap);
        }

        if (listed.Count > MaxListedPerKind)
        {
            var (more, total) = (listed.Count - MaxListedPerKind, Hectares(listed.Skip(MaxListedPerKind).Sum(g => g.M2)));
            report.Warn(null, null, parent is null ? ImportMessages.Format("MoreGaps", more, total) : ImportMessages.Format("MoreGapsOf", more, parent.Code, total));
        }
    }

    private async Task ApplyAsync(List<Candidate> candidates, ImportOptions options, ImportReport report, CancellationToken cancellationToken)
    {
        var date = options.ValidFrom;
        var current = await db.AdminUnits.ValidOn(date)
            .Where(u => u.JurisdictionCode == options.JurisdictionCode && u.Level == options.Level)
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);

        foreach (var candidate in candidates)
        {
            var kind = AdminLevelNames.KindFromName(options.Level, candidate.NameVi);
            if (!current.Remove(candidate.Code, out var existing))
            {
                db.AdminUnits.Add(AdminUnit.Create(
                    options.JurisdictionCode, candidate.Code, options.Level, kind, candidate.NameVi, candidate.NameEn, candidate.ParentCode,
                    candidate.Geometry, candidate.Population, candidate.Households, date));
                report.Created++;
            }
            else if (existing.HasSameContent(candidate.NameVi, candidate.NameEn, candidate.ParentCode, candidate.Geometry, candidate.Population, candidate.Households))
            {
                report.Unchanged++;
            }
            else if (existing.ValidFrom == date)
            {
                existing.CorrectVersion(date, kind, candidate.NameVi, candidate.NameEn, candidate.ParentCode, candidate.Geometry, candidate.Population, candidate.Households);
                report.Updated++;
            }
            else
            {
                var until = existing.ValidTo;
                existing.End(date);
                db.AdminUnits.Add(AdminUnit.Create(
                    options.JurisdictionCode, candidate.Code, options.Level, kind, candidate.NameVi, candidate.NameEn, candidate.ParentCode,
                    candidate.Geometry, candidate.Population, candidate.Households, date, until));
                report.Updated++;
            }
        }

        // Units the file does not list end on the date and stay as history; a rejected feature's unit stays as it is.
        var keep = report.Rejections.Where(r => r.Code is not null).Select(r => r.Code!).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in current.Values.Where(u => !keep.Contains(u.Code)))
        {
            if (gone.ValidFrom == date)
            {
                // A version this same date's earlier import created: it never was in force.
                db.AdminUnits.Remove(gone);
            }
            else
            {
                gone.End(date);
            }

            report.Ended++;
        }

        var write = !options.DryRun && (report.Rejected == 0 || options.SkipInvalid);
        if (!write)
        {
            db.ChangeTracker.Clear();
            return;
        }

        // One transaction: a failure or a killed process leaves the previous units exactly as they were.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        report.Applied = true;
        if (events is not null && report.Created + report.Updated + report.Ended > 0)
        {
            await events.PublishAsync(new AdminUnitsChanged(options.JurisdictionCode, options.Level.ToApi()), cancellationToken);
        }
    }

    internal static double AreaSquareMetres(Geometry geometry)
    {
        if (geometry.IsEmpty)
        {
            return 0;
        }

        var (perLon, perLat) = Geo.MetresPerDegree(geometry.EnvelopeInternal.Centre.Y);
        return geometry.Area * perLon * perLat;
    }

    private static string Hectares(double squareMetres) => (squareMetres / 10_000).ToString(squareMetres < 100_000 ? "0.##" : "0.#", CultureInfo.InvariantCulture);

    private static string Location(Geometry geometry) => Location(geometry.InteriorPoint.Coordinate ?? geometry.Centroid.Coordinate);

    private static string Location(Coordinate c) =>
        ImportMessages.Format("LatLon", c.Y.ToString("0.#####", CultureInfo.InvariantCulture), c.X.ToString("0.#####", CultureInfo.InvariantCulture));

    private static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);

    private sealed class Candidate(int number, string code)
    {
        public int Number { get; } = number;

        public string Code { get; } = code;

        public string NameVi { get; set; } = string.Empty;

        public string? NameEn { get; set; }

        public string? ParentCode { get; set; }

        public int? Population { get; set; }

        public int? Households { get; set; }

        public MultiPolygon Geometry { get; set; } = Geo.Factory.CreateMultiPolygon();
    }
}
