using System.Globalization;
using System.Text;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.SearchPlaces;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Storage.Bulk;

namespace Mekong.Modules.Places.Features.ImportPlacesCsv;

internal sealed record CsvImportReport(int Rows, int Added, IReadOnlyList<string> Problems, bool DryRun)
{
    public bool Succeeded => Problems.Count == 0;

    public void WriteTo(TextWriter output)
    {
        foreach (var problem in Problems)
        {
            output.WriteLine(problem);
        }

        output.WriteLine(!Succeeded
            ? $"{Problems.Count} problem(s) in {Rows} row(s): nothing was imported."
            : DryRun ? $"Dry run: {Rows} row(s) are valid; nothing was written." : $"Imported {Added} place(s).");
    }
}

/// <summary>
/// Adds places from a CSV file (UTF-8, a header row): <c>category,name_vi,name_en,lat,lon,address,phone,website,email,
/// opening_hours,procedures</c> (procedures separated by <c>;</c>; only category, name_vi, lat and lon are required).
/// Every row is checked first; one bad row imports nothing and the report names each row and field. A dry run
/// only checks. CSV places are kept by an OSM re-import (ADR 0029).
/// </summary>
internal sealed class PlacesCsvImporter(PlacesDbContext db, IAdminUnitDirectory adminUnits, PlaceCategories categories, PlaceIndex index, TimeProvider clock)
{
    public const int MaxRows = 200_000;

    private static readonly string[] Required = ["category", "name_vi", "lat", "lon"];

    public async Task<CsvImportReport> ImportAsync(TextReader reader, string jurisdictionCode, bool dryRun, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var rows = Csv(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            return new CsvImportReport(0, 0, ["The file is empty: a header row is needed (category,name_vi,name_en,lat,lon,…)."], dryRun);
        }

        var header = rows.Current.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            return new CsvImportReport(0, 0, [$"The header has no column {string.Join(", ", missing)}."], dryRun);
        }

        string? Cell(List<string> row, string column) => header.IndexOf(column) is var i and >= 0 && i < row.Count && row[i].Length > 0 ? row[i] : null;
        var details = new List<PlaceDetails>();
        var line = 1;
        while (rows.MoveNext())
        {
            line++;
            var row = rows.Current;
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (details.Count + problems.Count >= MaxRows)
            {
                problems.Add($"row {line}: the file has more than {MaxRows} rows; split it.");
                break;
            }

            var lat = double.TryParse(Cell(row, "lat"), NumberStyles.Float, CultureInfo.InvariantCulture, out var la) ? la : double.NaN;
            var lon = double.TryParse(Cell(row, "lon"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lo) ? lo : double.NaN;
            var place = new PlaceDetails(
                Cell(row, "category")?.Trim() ?? "", Cell(row, "name_vi") ?? "", Cell(row, "name_en"), lat, lon,
                Cell(row, "address"), Cell(row, "phone"), Cell(row, "website"), Cell(row, "email"), Cell(row, "opening_hours"),
                Cell(row, "procedures")?.Replace(';', '\n'));
            var rowProblems = Place.Problems(place, [.. categories.Keys]);
            if (double.IsNaN(lat) || double.IsNaN(lon))
            {
                rowProblems["location"] = ["lat and lon must be numbers in degrees, with a point (9.6012)."];
            }

            foreach (var (field, messages) in rowProblems)
            {
                problems.AddRange(messages.Select(m => $"row {line}: {field}: {m}"));
            }

            if (rowProblems.Count == 0)
            {
                details.Add(place);
            }
        }

        if (problems.Count > 0 || dryRun)
        {
            return new CsvImportReport(line - 1, 0, problems, dryRun);
        }

        var communes = await adminUnits.LocateManyAsync([.. details.Select(d => (d.Latitude, d.Longitude))], null, cancellationToken);
        var places = details.Select((d, i) => Place.Create(jurisdictionCode, d, communes[i] is { Level: "commune" } c ? c.Code : null, PlaceSource.Csv, null, clock)).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.BulkInsertAsync(places, cancellationToken);
            await db.TouchAsync(jurisdictionCode, clock, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        index.Invalidate(jurisdictionCode);
        return new CsvImportReport(line - 1, places.Count, [], false);
    }

    /// <summary>RFC 4180 rows: fields separated by commas, quoted with " (a "" inside is a quote), line breaks inside quotes kept.</summary>
    private static IEnumerable<List<string>> Csv(TextReader reader)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    yield return row;
                    row = [];
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
