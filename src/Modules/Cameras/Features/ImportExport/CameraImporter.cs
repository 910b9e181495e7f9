using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Registry;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Errors;
using Mekong.Platform.Secrets;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.ImportExport;

/// <summary>A bad row: its line in the file and every reason.</summary>
internal sealed record ImportProblem(int Line, string Code, IReadOnlyList<string> Reasons);

/// <summary>What an import did (or, on a dry run, would do). Nothing is written when <see cref="Problems"/> is not empty.</summary>
internal sealed record ImportReport(bool DryRun, int Rows, int Created, int Updated, IReadOnlyList<ImportProblem> Problems, string? FileProblem)
{
    public bool Ok => FileProblem is null && Problems.Count == 0;
}

/// <summary>
/// Imports a camera file into one jurisdiction, all or nothing: every row is checked first (and every bad one
/// reported by its line), then all are written in one transaction. A row whose code is registered updates that camera;
/// empty credentials keep the stored ones.
/// </summary>
internal sealed class CameraImporter(CamerasDbContext db, CameraRegistry registry, ISecretProtector secrets, TimeProvider clock)
{
    public const int MaxRows = 50_000;

    public async Task<ImportReport> ImportAsync(string jurisdiction, IReadOnlyList<CameraRow> rows, bool dryRun, CancellationToken cancellationToken)
    {
        if (rows.Count > MaxRows)
        {
            return new ImportReport(dryRun, rows.Count, 0, 0, [], $"The file has {rows.Count} rows; at most {MaxRows} are imported at once.");
        }

        var existing = await db.Cameras.Where(c => c.JurisdictionCode == jurisdiction).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
        var problems = new List<ImportProblem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = new List<(CameraRow Row, CameraDetails Details)>();
        foreach (var row in rows)
        {
            var reasons = new List<string>(row.Problems);
            var details = row.Input.ToDetails();
            var errors = new FieldErrors();
            CameraRegistry.CheckCredentials(row.Input, errors);
            reasons.AddRange(details.Validate().Select(e => e.Message));
            reasons.AddRange(errors.ToDictionary().SelectMany(e => e.Value));
            var code = details.Code?.Trim() ?? string.Empty;
            if (code.Length > 0 && seen.TryGetValue(code, out var first))
            {
                reasons.Add($"code '{code}' is also on line {first}.");
            }
            else if (code.Length > 0)
            {
                seen[code] = row.Line;
            }

            if (reasons.Count > 0)
            {
                problems.Add(new ImportProblem(row.Line, code, reasons.Distinct().ToList()));
            }
            else
            {
                valid.Add((row, details));
            }
        }

        var updated = valid.Count(v => existing.ContainsKey(v.Details.Code.Trim()));
        var created = valid.Count - updated;
        if (problems.Count > 0 || dryRun)
        {
            return new ImportReport(dryRun, rows.Count, problems.Count > 0 ? 0 : created, problems.Count > 0 ? 0 : updated, problems, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (row, details) in valid)
        {
            var commune = await registry.CommuneAsync(details, cancellationToken);
            var credentials = row.Input.Credentials()?.Protect(secrets);
            if (existing.TryGetValue(details.Code.Trim(), out var camera))
            {
                camera.Update(details, commune, credentials, clock);
            }
            else
            {
                db.Cameras.Add(Camera.Register(jurisdiction, details, commune, credentials, clock));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportReport(false, rows.Count, created, updated, [], null);
    }

    public static (IReadOnlyList<CameraRow> Rows, string? FileProblem) Read(byte[] bytes, bool geoJson)
    {
        if (geoJson)
        {
            return CameraFile.ReadGeoJson(bytes);
        }

        using var reader = new StreamReader(new MemoryStream(bytes), CameraFile.Utf8, detectEncodingFromByteOrderMarks: true);
        return CameraFile.ReadCsv(reader);
    }

    /// <summary>GeoJSON when the name or the content says so; CSV otherwise.</summary>
    public static bool LooksLikeGeoJson(string? name, string? contentType, byte[] bytes) =>
        name?.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) == true || name?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true
        || contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
        || (name is null && contentType is null && bytes.SkipWhile(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0xEF or 0xBB or 0xBF).FirstOrDefault() == (byte)'{');
}
