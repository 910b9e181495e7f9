using System.Globalization;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Jobs;
using Mekong.Platform.Spatial;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// The topology rules: each unit lies inside its parent (within a tolerance), and the units of one parent neither
/// overlap (beyond digitising noise) nor leave gaps — each finding reported with its area and place.
/// </summary>
internal sealed class TopologyValidator(AdminUnitsDbContext db)
{
    /// <summary>Containment tolerance: a unit may stick out of its parent by 1 % of its area, or by up to 50 m anywhere.</summary>
    private const double OutsideShareTolerance = 0.01;
    private const double OutsideMetresTolerance = 50;

    /// <summary>Overlaps and gaps below this are digitising noise and not reported.</summary>
    private const double ReportableSquareMetres = 100;

    /// <summary>An overlap above this share of the smaller unit is a unit drawn twice, not a border sliver: rejected.</summary>
    private const double RejectedOverlapShare = 0.01;

    private const int MaxListedPerKind = 50;

    public async Task<Dictionary<string, AdminUnit>> ResolveParentsAsync(List<ImportCandidate> candidates, ImportOptions options, ImportReport report, CancellationToken cancellationToken)
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

    public static void CheckContainment(
        List<ImportCandidate> candidates, Dictionary<string, AdminUnit> parents, ImportReport report, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var prepared = parents.ToDictionary(p => p.Key, p => PreparedGeometryFactory.Prepare(p.Value.Geometry), StringComparer.Ordinal);
        var buffered = new Dictionary<string, IPreparedGeometry>(StringComparer.Ordinal);
        var checkedCount = 0;
        var children = candidates.Where(c => c.ParentCode is not null).ToList();
        var stage = ImportMessages.Get("StepParents");
        progress?.Report(new ProgressUpdate(0, children.Count, stage));
        foreach (var candidate in children)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++checkedCount % AdminUnitImporter.ProgressEvery == 0)
            {
                progress?.Report(new ProgressUpdate(checkedCount, children.Count, stage));
            }

            var parentCode = candidate.ParentCode!;
            if (prepared[parentCode].Covers(candidate.Geometry))
            {
                continue;
            }

            var parent = parents[parentCode].Geometry;
            var outside = OverlayNGRobust.Overlay(candidate.Geometry, parent, SpatialFunction.Difference);
            var outsideM2 = ImportMeasures.AreaSquareMetres(outside);
            if (outsideM2 < ReportableSquareMetres)
            {
                continue;
            }

            var share = outsideM2 / ImportMeasures.AreaSquareMetres(candidate.Geometry);
            if (!buffered.TryGetValue(parentCode, out var margin))
            {
                var (perLon, _) = Geo.MetresPerDegree(parent.EnvelopeInternal.Centre.Y);
                margin = PreparedGeometryFactory.Prepare(parent.Buffer(OutsideMetresTolerance / perLon));
                buffered[parentCode] = margin;
            }

            object[] details = [ImportMeasures.Hectares(outsideM2), ImportMeasures.Percent(share), parentCode, ImportMeasures.Location(outside)];
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
    public static void CheckSiblings(
        List<ImportCandidate> candidates, Dictionary<string, AdminUnit> parents, ImportReport report, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var overlapping = new HashSet<ImportCandidate>();
        var overlaps = 0;
        var stage = ImportMessages.Get("StepSiblings");
        var done = 0;
        progress?.Report(new ProgressUpdate(0, candidates.Count, stage));
        foreach (var group in candidates.GroupBy(c => c.ParentCode ?? string.Empty))
        {
            var siblings = group.ToList();
            progress?.Report(new ProgressUpdate(done, candidates.Count, stage));
            done += siblings.Count;
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
                var offset = done - siblings.Count;
                var within = progress is null ? null : new OffsetProgress(progress, offset, candidates.Count, stage);
                overlaps += FindOverlaps(siblings, report, overlapping, within, cancellationToken);
            }

            ReportGaps(union, parent, report);
        }

        progress?.Report(new ProgressUpdate(candidates.Count, candidates.Count, stage));
        if (overlaps > MaxListedPerKind)
        {
            report.Warn(null, null, ImportMessages.Format("MoreOverlaps", overlaps - MaxListedPerKind));
        }

        candidates.RemoveAll(overlapping.Contains);
    }

    /// <summary>Searches sibling pairs for overlaps: rejects both units of a large one, warns of small ones; returns how many small ones it found.</summary>
    private static int FindOverlaps(List<ImportCandidate> siblings, ImportReport report, HashSet<ImportCandidate> overlapping, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var overlaps = 0;
        var tree = new STRtree<ImportCandidate>();
        foreach (var sibling in siblings)
        {
            tree.Insert(sibling.Geometry.EnvelopeInternal, sibling);
        }

        tree.Build();
        var done = 0;
        foreach (var a in siblings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++done % AdminUnitImporter.ProgressEvery == 0)
            {
                progress?.Report(done);
            }

            var preparedA = PreparedGeometryFactory.Prepare(a.Geometry);
            foreach (var b in tree.Query(a.Geometry.EnvelopeInternal))
            {
                if (b.Number <= a.Number || !preparedA.Intersects(b.Geometry) || preparedA.Touches(b.Geometry))
                {
                    continue;
                }

                var shared = OverlayNGRobust.Overlay(a.Geometry, b.Geometry, SpatialFunction.Intersection);
                var m2 = ImportMeasures.AreaSquareMetres(shared);
                if (m2 < ReportableSquareMetres)
                {
                    continue;
                }

                var smaller = Math.Min(ImportMeasures.AreaSquareMetres(a.Geometry), ImportMeasures.AreaSquareMetres(b.Geometry));
                var (hectares, around) = (ImportMeasures.Hectares(m2), ImportMeasures.Location(shared));
                if (m2 > smaller * RejectedOverlapShare)
                {
                    var share = ImportMeasures.Percent(m2 / smaller);
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

        var listed = gaps.Select(g => (Gap: g, M2: ImportMeasures.AreaSquareMetres(g))).Where(g => g.M2 >= ReportableSquareMetres).OrderByDescending(g => g.M2).ToList();
        foreach (var (gap, m2) in listed.Take(MaxListedPerKind))
        {
            report.Warn(null, null, parent is null
                ? ImportMessages.Format("Gap", ImportMeasures.Hectares(m2), ImportMeasures.Location(gap))
                : ImportMessages.Format("GapOf", parent.Code, ImportMeasures.Hectares(m2), ImportMeasures.Location(gap)), gap);
        }

        if (listed.Count > MaxListedPerKind)
        {
            var (more, total) = (listed.Count - MaxListedPerKind, ImportMeasures.Hectares(listed.Skip(MaxListedPerKind).Sum(g => g.M2)));
            report.Warn(null, null, parent is null ? ImportMessages.Format("MoreGaps", more, total) : ImportMessages.Format("MoreGapsOf", more, parent.Code, total));
        }
    }

    /// <summary>Pairs searched within one group, as units done of the whole stage.</summary>
    private sealed class OffsetProgress(IProgress<ProgressUpdate> progress, long offset, long total, string stage) : IProgress<long>
    {
        public void Report(long value) => progress.Report(new ProgressUpdate(offset + value, total, stage));
    }
}
