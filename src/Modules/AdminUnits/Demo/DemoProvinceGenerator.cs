using System.Globalization;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Platform.Demo;
using Mekong.Platform.Spatial;
using Mekong.Platform.Text;
using NetTopologySuite;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;
using NetTopologySuite.Triangulate;

namespace Mekong.Modules.AdminUnits.Demo;

/// <summary>
/// Generates the synthetic demo province "Tỉnh Phù Sa" (a made-up Mekong-delta province, code 90) from a seed: the
/// province, ~100 communes and wards of the two-level model, ~10 historic districts and the ~300 historic communes
/// that the 2025 reform merged into the current ones.
/// </summary>
/// <remarks>
/// Every boundary comes from one planar arrangement: the outline, the Voronoi edges of the current communes' seeds
/// and, inside each commune, the Voronoi edges of its former communes' sub-seeds are noded together with snap
/// rounding on a 1e-6° grid and polygonized. Each face is then given to exactly one former commune, and every unit is
/// a coverage union of faces, so units of one level share their edges exactly and tile the province with no gaps or
/// slivers. Only <see cref="Random"/> seeded once and lists (never hash-set or dictionary order) drive the result, so
/// one seed always yields the same province.
/// </remarks>
internal static class DemoProvinceGenerator
{
    public const int StandardSeed = DemoContext.DefaultSeed;

    private const double CentreLat = 9.6;
    private const double CentreLon = 105.95;
    private const double TargetAreaKm2 = 3_300;
    private const int TargetPopulation = 1_200_000;
    private const int CapitalWardCount = 10;
    private const int RuralDistrictCount = 9;

    private static readonly DateOnly HistoricFrom = new(2004, 1, 1);

    /// <summary>All output lies on a 1e-6° grid (about 0.1 m), so rounding never opens gaps between neighbours.</summary>
    private static readonly PrecisionModel Grid = new(1_000_000);

    private static readonly GeometryFactory Factory =
        NtsGeometryServices.Instance.CreateGeometryFactory(Grid, Geo.Wgs84);

    private static readonly (double PerDegreeLon, double PerDegreeLat) KmPerDegree =
        (Geo.MetresPerDegree(CentreLat).PerDegreeLon / 1000, Geo.MetresPerDegree(CentreLat).PerDegreeLat / 1000);

    /// <summary>Common elements of Mekong-delta place names; names are two of them.</summary>
    private static readonly string[] Syllables =
    [
        "An", "Long", "Phú", "Mỹ", "Thạnh", "Hòa", "Tân", "Vĩnh", "Thới", "Hưng", "Lợi", "Bình", "Phước", "Thuận",
        "Đại", "Khánh", "Lịch", "Hội", "Xuyên", "Trung", "Tài", "Văn", "Ngãi", "Kế", "Sách", "Châu", "Thành", "Lạc",
        "Hiệp", "Thạch", "Hậu", "Nhơn", "Điền", "Đông", "Tây", "Hải", "Phong", "Quới", "Thiện", "Xuân", "Phụng",
        "Nghĩa", "Cường", "Định", "Trị", "Lộc", "Thắng", "Hồ", "Kiến", "Đức",
    ];

    private const string CapitalName = "Phù Sa";

    public static DemoProvince Generate(int seed)
    {
        var random = new Random(seed);

        var outline = Outline(random);
        var outlineLocator = new IndexedPointInAreaLocator(outline);
        var capital = ToDegrees(3.5 + (random.NextDouble() * 2), 2 + (random.NextDouble() * 2));

        var seeds = CommuneSeeds(random, outline, outlineLocator, capital);
        var wardCount = CapitalWardCount;

        var mainCells = VoronoiCells(seeds, ExpandedEnvelope(outline.EnvelopeInternal, 0.05));
        var subSeeds = new List<Coordinate>[seeds.Count];
        var lines = new List<LineString> { Factory.CreateLineString(outline.Shell.Coordinates) };
        for (var i = 0; i < seeds.Count; i++)
        {
            var cell = mainCells[i];
            lines.Add(Factory.CreateLineString(((Polygon)cell).Shell.Coordinates));
            var inside = OverlayNGRobust.Overlay(cell, outline, SpatialFunction.Intersection);
            var count = i < wardCount ? 2 + random.Next(2) : PickFormerCount(random);
            subSeeds[i] = SubSeeds(random, seeds[i], inside, count);
            var subCells = VoronoiCells(subSeeds[i], ExpandedEnvelope(cell.EnvelopeInternal, 0.1));
            foreach (var subCell in subCells)
            {
                var clipped = OverlayNGRobust.Overlay(
                    Factory.CreateLineString(((Polygon)subCell).Shell.Coordinates),
                    cell,
                    SpatialFunction.Intersection);
                AddLines(lines, clipped);
            }
        }

        // Node everything at once (snap rounding on the grid), then every face belongs to one former commune.
        var noded = OverlayNG.Overlay(
            Factory.CreateMultiLineString([.. lines]), Factory.CreateMultiLineString(), SpatialFunction.Union, Grid);
        var polygonizer = new Polygonizer();
        polygonizer.Add(noded);
        var facesBySub = seeds.Select((_, i) => subSeeds[i].Select(_ => new List<Geometry>()).ToArray()).ToArray();
        foreach (var face in polygonizer.GetPolygons())
        {
            var point = face.InteriorPoint.Coordinate;
            if (outlineLocator.Locate(point) != Location.Interior)
            {
                continue;
            }

            var main = Nearest(seeds, point);
            facesBySub[main][Nearest(subSeeds[main], point)].Add(face);
        }

        // A sub-seed whose cell lost all faces to rounding (never for the standard seed) is simply dropped.
        for (var i = 0; i < seeds.Count; i++)
        {
            var keep = Enumerable.Range(0, subSeeds[i].Count).Where(j => facesBySub[i][j].Count > 0).ToArray();
            subSeeds[i] = [.. keep.Select(j => subSeeds[i][j])];
            facesBySub[i] = [.. keep.Select(j => facesBySub[i][j])];
        }

        var districtOf = GroupIntoDistricts(random, seeds, wardCount, out var districtCentres);
        return Assemble(random, seeds, wardCount, capital, subSeeds, facesBySub, districtOf, districtCentres);
    }

    private static DemoProvince Assemble(
        Random random,
        List<Coordinate> seeds,
        int wardCount,
        Coordinate capital,
        List<Coordinate>[] subSeeds,
        List<Geometry>[][] facesBySub,
        int[] districtOf,
        Coordinate[] districtCentres)
    {
        var code = DemoContext.DemoJurisdictionCode;
        var districtCount = districtCentres.Length;

        // District 0 is the provincial city; the others are numbered north to south, west to east.
        var districtOrder = Enumerable.Range(1, districtCount - 1)
            .OrderByDescending(d => Math.Round(districtCentres[d].Y, 2))
            .ThenBy(d => districtCentres[d].X)
            .Prepend(0)
            .ToArray();
        var townDistrict = Enumerable.Range(1, districtCount - 1)
            .OrderByDescending(d => districtCentres[d].X - districtCentres[d].Y)
            .First();

        var communeOrder = Enumerable.Range(0, seeds.Count)
            .OrderBy(i => Array.IndexOf(districtOrder, districtOf[i]))
            .ThenByDescending(i => Math.Round(seeds[i].Y, 2))
            .ThenBy(i => seeds[i].X)
            .ToArray();

        // Seats: the capital ward nearest the centre, and per district the commune nearest the district's centre.
        var capitalSeat = Enumerable.Range(0, wardCount).OrderBy(i => seeds[i].Distance(capital)).First();
        var seatOf = new int[districtCount];
        seatOf[0] = capitalSeat;
        for (var d = 1; d < districtCount; d++)
        {
            seatOf[d] = Enumerable.Range(0, seeds.Count)
                .Where(i => districtOf[i] == d)
                .OrderBy(i => seeds[i].Distance(districtCentres[d]))
                .First();
        }

        // Names: districts first (townships and the seats' new communes reuse them), then the rest.
        var districtNames = new string[districtCount];
        var usedDistrictNames = new HashSet<string>(StringComparer.Ordinal) { CapitalName };
        districtNames[0] = CapitalName;
        foreach (var d in districtOrder.Skip(1))
        {
            districtNames[d] = NewName(random, usedDistrictNames);
        }

        var usedCurrentNames = new HashSet<string>(districtNames, StringComparer.Ordinal);
        var usedFormerNames = new HashSet<string>(districtNames, StringComparer.Ordinal);

        var isWard = new bool[seeds.Count];
        var currentNames = new string[seeds.Count];
        for (var d = 0; d < districtCount; d++)
        {
            currentNames[seatOf[d]] = districtNames[d];
        }

        foreach (var i in communeOrder)
        {
            isWard[i] = i < wardCount || (districtOf[i] == townDistrict && i == seatOf[townDistrict]);
            currentNames[i] ??= NewName(random, usedCurrentNames);
        }

        // Population: wards are much denser than rural communes, district seats a little denser.
        var areas = facesBySub.Select(subs => subs.Select(faces => AreaKm2(faces)).ToArray()).ToArray();
        var weights = new double[seeds.Count];
        for (var i = 0; i < seeds.Count; i++)
        {
            var density = i < wardCount ? 2_600 : isWard[i] ? 900 : seatOf[districtOf[i]] == i ? 520 : 300;
            weights[i] = areas[i].Sum() * density * Math.Exp(0.3 * Gaussian(random));
        }

        var total = (int)Math.Round(TargetPopulation * (0.985 + (0.03 * random.NextDouble())));
        var populations = Apportion(total, weights);

        var communes = new List<DemoUnit>();
        var formers = new List<DemoUnit>();
        var districtFaces = Enumerable.Range(0, districtCount).Select(_ => new List<Geometry>()).ToArray();
        var districtPopulation = new int[districtCount];
        var districtHouseholds = new int[districtCount];
        var allFaces = new List<Geometry>();
        var nextCurrent = 601;
        var nextFormer = 1;

        // Numbered former wards ("Phường 1" …) in the old centre of the capital, the rest named.
        var capitalFormerRank = Enumerable.Range(0, wardCount)
            .SelectMany(i => Enumerable.Range(0, subSeeds[i].Count).Select(j => (i, j)))
            .OrderBy(p => subSeeds[p.i][p.j].Distance(capital))
            .ToList();

        foreach (var i in communeOrder)
        {
            var district = districtOf[i];
            var districtCode = DistrictCode(code, districtOrder, district);
            var subCount = subSeeds[i].Count;
            var subWeights = new double[subCount];
            var seatSub = seatOf[district] == i && !isWard[i]
                ? Enumerable.Range(0, subCount).OrderBy(j => subSeeds[i][j].Distance(districtCentres[district])).First()
                : -1;
            for (var j = 0; j < subCount; j++)
            {
                subWeights[j] = areas[i][j] * (j == seatSub ? 2.5 : 1) * Math.Exp(0.25 * Gaussian(random));
            }

            var subPopulations = Apportion(populations[i], subWeights);
            var households = 0;
            var currentFaces = new List<Geometry>();
            for (var j = 0; j < subCount; j++)
            {
                var faces = facesBySub[i][j];
                currentFaces.AddRange(faces);
                var hh = (int)Math.Round(subPopulations[j] / (3.6 * (0.93 + (0.14 * random.NextDouble()))));
                households += hh;

                UnitKind kind;
                string vi;
                string en;
                if (isWard[i])
                {
                    kind = UnitKind.Ward;
                    var rank = capitalFormerRank.IndexOf((i, j));
                    if (rank is >= 0 and < 9)
                    {
                        (vi, en) = ($"Phường {rank + 1}", $"Ward {rank + 1}");
                    }
                    else
                    {
                        var name = NewName(random, usedFormerNames);
                        (vi, en) = ($"Phường {name}", $"{English(name)} Ward");
                    }
                }
                else if (j == seatSub)
                {
                    kind = UnitKind.Township;
                    (vi, en) = ($"Thị trấn {districtNames[district]}", $"{English(districtNames[district])} Township");
                }
                else
                {
                    kind = UnitKind.Commune;
                    var name = NewName(random, usedFormerNames);
                    (vi, en) = ($"Xã {name}", $"{English(name)} Commune");
                }

                formers.Add(new DemoUnit(
                    Code(code, 1_000, nextFormer++), AdminLevel.Commune, kind, vi, en, districtCode,
                    Union(faces), subPopulations[j], hh, HistoricFrom, DemoProvince.ReorganisationDate));
            }

            districtFaces[district].AddRange(currentFaces);
            districtPopulation[district] += populations[i];
            districtHouseholds[district] += households;
            allFaces.AddRange(currentFaces);

            var currentName = currentNames[i];
            var (currentVi, currentEn) = isWard[i]
                ? ($"Phường {currentName}", $"{English(currentName)} Ward")
                : ($"Xã {currentName}", $"{English(currentName)} Commune");
            communes.Add(new DemoUnit(
                Code(code, 1_000, nextCurrent++), AdminLevel.Commune, isWard[i] ? UnitKind.Ward : UnitKind.Commune,
                currentVi, currentEn, code, Union(currentFaces), populations[i], households,
                DemoProvince.ReorganisationDate, null));
        }

        var districts = new List<DemoUnit>();
        foreach (var d in districtOrder)
        {
            var name = districtNames[d];
            var (kind, vi, en) = d == 0 ? (UnitKind.ProvincialCity, $"Thành phố {name}", $"{English(name)} City")
                : d == townDistrict ? (UnitKind.Town, $"Thị xã {name}", $"{English(name)} Town")
                : (UnitKind.RuralDistrict, $"Huyện {name}", $"{English(name)} District");
            districts.Add(new DemoUnit(
                DistrictCode(code, districtOrder, d), AdminLevel.District, kind, vi, en, code,
                Union(districtFaces[d]), districtPopulation[d], districtHouseholds[d],
                HistoricFrom, DemoProvince.ReorganisationDate));
        }

        var province = new DemoUnit(
            code, AdminLevel.Province, UnitKind.Province, $"Tỉnh {CapitalName}", $"{English(CapitalName)} Province",
            null, Union(allFaces), communes.Sum(c => c.Population), communes.Sum(c => c.Households),
            HistoricFrom, null);
        return new DemoProvince(province, districts, formers, communes);
    }

    /// <summary>
    /// An irregular, roughly 64 × 58 km outline: a squarish blob with wavy river-like edges, its south-east side cut
    /// straight by the sea, scaled to the target area.
    /// </summary>
    private static Polygon Outline(Random random)
    {
        const int vertices = 160;
        var harmonics = Enumerable.Range(2, 6)
            .Select(k => (K: k, Amplitude: random.NextDouble() * 0.07 / Math.Sqrt(k - 1), Phase: random.NextDouble() * 2 * Math.PI))
            .ToArray();
        var coastAngle = -Math.PI / 4;
        var (ux, uy) = (Math.Cos(coastAngle), Math.Sin(coastAngle));
        var points = new (double X, double Y)[vertices];
        for (var i = 0; i < vertices; i++)
        {
            var theta = 2 * Math.PI * i / vertices;
            var (c, s) = (Math.Cos(theta), Math.Sin(theta));
            var radius = 1 / Math.Pow(Math.Pow(Math.Abs(c / 30), 3) + Math.Pow(Math.Abs(s / 27.5), 3), 1.0 / 3);
            radius *= 1 + harmonics.Sum(h => h.Amplitude * Math.Cos((h.K * theta) + h.Phase));
            radius *= 1 + (0.025 * (random.NextDouble() - 0.5));
            points[i] = (radius * c, radius * s);
        }

        // The sea: everything beyond a gently curving line on the south-east is cut back onto the coast.
        var coastOffset = 0.8 * points.Max(p => (p.X * ux) + (p.Y * uy));
        for (var i = 0; i < vertices; i++)
        {
            var (x, y) = points[i];
            var along = (x * -uy) + (y * ux);
            var limit = coastOffset + (0.6 * Math.Sin(along / 4)) - (0.002 * along * along);
            var beyond = (x * ux) + (y * uy) - limit;
            if (beyond > 0)
            {
                points[i] = (x - (beyond * ux), y - (beyond * uy));
            }
        }

        var area = 0.0;
        for (var i = 0; i < vertices; i++)
        {
            var (a, b) = (points[i], points[(i + 1) % vertices]);
            area += (a.X * b.Y) - (b.X * a.Y);
        }

        var scale = Math.Sqrt(TargetAreaKm2 * (0.98 + (0.04 * random.NextDouble())) / Math.Abs(area / 2));
        var ring = points.Select(p => ToDegrees(p.X * scale, p.Y * scale)).ToList();
        ring.Add(ring[0].Copy());
        return Factory.CreatePolygon([.. ring]);
    }

    /// <summary>Capital wards packed around the capital; rural communes spread evenly over the rest.</summary>
    private static List<Coordinate> CommuneSeeds(Random random, Polygon outline, IndexedPointInAreaLocator locator, Coordinate capital)
    {
        var seeds = new List<Coordinate>();
        Scatter(seeds, CapitalWardCount, minKm: 1.1, candidate: () =>
        {
            var angle = random.NextDouble() * 2 * Math.PI;
            var r = 3.4 * Math.Sqrt(random.NextDouble());
            return Offset(capital, r * Math.Cos(angle), r * Math.Sin(angle));
        });

        var communeCount = 90 + random.Next(5);
        var envelope = outline.EnvelopeInternal;
        Scatter(seeds, CapitalWardCount + communeCount, minKm: 4.0, candidate: () =>
        {
            var c = new Coordinate(
                envelope.MinX + (random.NextDouble() * envelope.Width),
                envelope.MinY + (random.NextDouble() * envelope.Height));
            return locator.Locate(c) == Location.Interior && DistanceKm(c, capital) > 5.6 ? c : null;
        });
        return seeds;
    }

    /// <summary>Sub-seeds of the former communes inside one current commune, kept apart so no cell is a sliver.</summary>
    private static List<Coordinate> SubSeeds(Random random, Coordinate seed, Geometry area, int count)
    {
        var locator = new IndexedPointInAreaLocator(area);
        var envelope = area.EnvelopeInternal;
        var sizeKm = Math.Sqrt(area.Area * KmPerDegree.PerDegreeLon * KmPerDegree.PerDegreeLat / count);
        var subs = new List<Coordinate>();
        Scatter(subs, count, minKm: 0.6 * sizeKm, candidate: () =>
        {
            var c = new Coordinate(
                envelope.MinX + (random.NextDouble() * envelope.Width),
                envelope.MinY + (random.NextDouble() * envelope.Height));
            return locator.Locate(c) == Location.Interior ? c : null;
        });

        // Order the former communes deterministically around the seed (north first), for stable codes.
        return [.. subs.OrderBy(c => Math.Atan2(c.X - seed.X, c.Y - seed.Y))];
    }

    /// <summary>Dart throwing: accepts candidates at least <paramref name="minKm"/> apart, easing the spacing if crowded.</summary>
    private static void Scatter(List<Coordinate> into, int targetCount, double minKm, Func<Coordinate?> candidate)
    {
        var start = into.Count;
        var failures = 0;
        while (into.Count < targetCount)
        {
            var c = candidate();
            if (c is null)
            {
                continue;
            }

            if (into.Skip(start).All(o => DistanceKm(o, c) >= minKm) && into.Take(start).All(o => DistanceKm(o, c) >= 1.0))
            {
                into.Add(new Coordinate(Grid.MakePrecise(c.X), Grid.MakePrecise(c.Y)));
                failures = 0;
            }
            else if (++failures > 200)
            {
                minKm *= 0.9;
                failures = 0;
            }
        }
    }

    /// <summary>Groups the rural communes into districts (k-means on their seeds); the capital's wards form district 0.</summary>
    private static int[] GroupIntoDistricts(Random random, List<Coordinate> seeds, int wardCount, out Coordinate[] centres)
    {
        var rural = Enumerable.Range(wardCount, seeds.Count - wardCount).ToArray();
        var k = RuralDistrictCount;
        var means = new List<Coordinate> { seeds[rural[random.Next(rural.Length)]] };
        while (means.Count < k)
        {
            // k-means++ seeding: the next centre is far from the chosen ones.
            var d2 = rural.Select(i => means.Min(m => Math.Pow(DistanceKm(m, seeds[i]), 2))).ToArray();
            var pick = random.NextDouble() * d2.Sum();
            var index = 0;
            while (index < d2.Length - 1 && (pick -= d2[index]) > 0)
            {
                index++;
            }

            means.Add(seeds[rural[index]]);
        }

        var assignment = new int[seeds.Count];
        for (var iteration = 0; iteration < 20; iteration++)
        {
            foreach (var i in rural)
            {
                assignment[i] = 1 + Enumerable.Range(0, k).OrderBy(m => DistanceKm(means[m], seeds[i])).First();
            }

            for (var m = 0; m < k; m++)
            {
                var members = rural.Where(i => assignment[i] == m + 1).ToArray();
                if (members.Length > 0)
                {
                    means[m] = new Coordinate(members.Average(i => seeds[i].X), members.Average(i => seeds[i].Y));
                }
            }
        }

        // Drop any district k-means left empty, renumbering the rest.
        var used = Enumerable.Range(1, k).Where(d => assignment.Skip(wardCount).Contains(d)).ToArray();
        for (var i = wardCount; i < seeds.Count; i++)
        {
            assignment[i] = 1 + Array.IndexOf(used, assignment[i]);
        }

        var capitalCentre = new Coordinate(seeds.Take(wardCount).Average(c => c.X), seeds.Take(wardCount).Average(c => c.Y));
        centres = [capitalCentre, .. used.Select(d => means[d - 1])];
        return assignment;
    }

    private static int PickFormerCount(Random random) => random.NextDouble() switch
    {
        < 0.25 => 2,
        < 0.8 => 3,
        _ => 4,
    };

    /// <summary>Voronoi cells in the order of <paramref name="sites"/> (the builder returns them sorted).</summary>
    private static Geometry[] VoronoiCells(List<Coordinate> sites, Envelope clip)
    {
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = clip };
        builder.SetSites(sites);
        var diagram = builder.GetDiagram(Factory);
        var cells = new Geometry[sites.Count];
        for (var n = 0; n < diagram.NumGeometries; n++)
        {
            var cell = diagram.GetGeometryN(n);
            var site = (Coordinate)cell.UserData;
            cells[sites.FindIndex(s => s.Equals2D(site))] = cell;
        }

        return cells;
    }

    private static Envelope ExpandedEnvelope(Envelope envelope, double fraction)
    {
        var expanded = envelope.Copy();
        expanded.ExpandBy(envelope.Width * fraction, envelope.Height * fraction);
        return expanded;
    }

    private static void AddLines(List<LineString> lines, Geometry geometry)
    {
        for (var n = 0; n < geometry.NumGeometries; n++)
        {
            if (geometry.GetGeometryN(n) is LineString { IsEmpty: false } line)
            {
                lines.Add(Factory.CreateLineString(line.Coordinates));
            }
        }
    }

    private static Geometry Union(List<Geometry> faces) =>
        CoverageUnion.Union(Factory.CreateGeometryCollection([.. faces]));

    private static int Nearest(List<Coordinate> sites, Coordinate point)
    {
        var best = 0;
        for (var i = 1; i < sites.Count; i++)
        {
            if (sites[i].Distance(point) < sites[best].Distance(point))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/> (largest remainders), summing exactly.</summary>
    private static int[] Apportion(int total, double[] weights)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => total * w / sum).ToArray();
        var shares = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var remainder = total - shares.Sum();
        foreach (var i in Enumerable.Range(0, weights.Length).OrderByDescending(i => exact[i] - shares[i]).ThenBy(i => i).Take(remainder))
        {
            shares[i]++;
        }

        return shares;
    }

    private static string NewName(Random random, HashSet<string> used)
    {
        while (true)
        {
            var first = Syllables[random.Next(Syllables.Length)];
            var second = Syllables[random.Next(Syllables.Length)];
            var name = $"{first} {second}";
            if (first != second && used.Add(name))
            {
                return name;
            }
        }
    }

    /// <summary>"Vĩnh Châu" → "Vinh Chau".</summary>
    private static string English(string name) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(TextFolding.Fold(name));

    /// <summary>Codes extend the province's: districts 901, 902, … and communes 90001, 90002, ….</summary>
    private static string Code(string province, int scale, int number) =>
        ((int.Parse(province, CultureInfo.InvariantCulture) * scale) + number).ToString(CultureInfo.InvariantCulture);

    private static string DistrictCode(string province, int[] districtOrder, int district) =>
        Code(province, 10, Array.IndexOf(districtOrder, district) + 1);

    private static double AreaKm2(List<Geometry> faces) =>
        faces.Sum(f => f.Area) * KmPerDegree.PerDegreeLon * KmPerDegree.PerDegreeLat;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Coordinate ToDegrees(double eastKm, double northKm) =>
        Offset(new Coordinate(CentreLon, CentreLat), eastKm, northKm);

    private static Coordinate Offset(Coordinate origin, double eastKm, double northKm) => new(
        Grid.MakePrecise(origin.X + (eastKm / KmPerDegree.PerDegreeLon)),
        Grid.MakePrecise(origin.Y + (northKm / KmPerDegree.PerDegreeLat)));

    private static double DistanceKm(Coordinate a, Coordinate b) =>
        Math.Sqrt(Math.Pow((a.X - b.X) * KmPerDegree.PerDegreeLon, 2) + Math.Pow((a.Y - b.Y) * KmPerDegree.PerDegreeLat, 2));
}
