using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform.Text;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.PublicServices.Features.Catalogue;

/// <summary>A procedure as the API, the import and the export write it (camelCase; enums as camelCase text).</summary>
internal sealed record ProcedureDto(
    string Code,
    string NameVi,
    string? NameEn,
    string Field,
    ProcedureLevel Level,
    string Agency,
    IReadOnlyList<RequiredDocument>? Documents,
    IReadOnlyList<string>? Forms,
    long FeeVnd,
    string? FeeNote,
    int ProcessingDays,
    string? LegalBasis,
    bool FullyOnline,
    IReadOnlyList<FormField>? FormFields,
    bool Active = true)
{
    public ProcedureDefinition ToDefinition() =>
        new ProcedureDefinition(Code, NameVi, NameEn ?? string.Empty, Field, Level, Agency, Documents ?? [], Forms ?? [], FeeVnd, FeeNote, ProcessingDays, LegalBasis, FullyOnline, FormFields ?? [], Active).Normalized();

    public static ProcedureDto From(Procedure p) =>
        new(p.Code, p.NameVi, p.NameEn, p.Field, p.Level, p.AgencyCode, p.Documents, p.Forms, p.FeeVnd, p.FeeNote, p.ProcessingDays, p.LegalBasis, p.FullyOnline, p.FormFields, p.Active);
}

/// <summary>One wrong value of an import, by line (the CSV line, or the JSON array's item from 1).</summary>
internal sealed record ImportError(int Line, string Field, string Message);

/// <summary>What an import did or, on a dry run, would do; nothing is written when <see cref="Errors"/> is not empty.</summary>
internal sealed record ImportSummary(bool DryRun, int Created, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors);

/// <summary>
/// The procedure catalogue of a jurisdiction: the list the portal and <c>GET /api/v1/procedures</c> search, one
/// procedure's upsert by an administrator, and the CSV/JSON import and export. The handling agency must be a
/// department of the jurisdiction (Access, through <see cref="IDepartmentDirectory"/>), or <see cref="CommuneAgency"/>
/// for a commune-level procedure handled by the applicant's commune committee.
/// </summary>
internal sealed class ProcedureCatalogue(PublicServicesDbContext db, IDepartmentDirectory departments, TimeProvider clock)
{
    /// <summary>The agency code of a commune-level procedure: the People's Committee of the applicant's commune (<i>UBND cấp xã</i>).</summary>
    public const string CommuneAgency = "UBND-XA";

    public const int MaxImportRows = 5000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly string[] CsvColumns =
        ["code", "name_vi", "name_en", "field", "level", "agency", "processing_days", "fee_vnd", "fee_note", "fully_online", "legal_basis", "active", "forms", "documents", "form_fields"];

    /// <summary>
    /// Search: <paramref name="q"/> folded (diacritics ignored) must appear in the code or a name, each word anywhere
    /// ("khai sinh" finds "Đăng ký khai sinh"); an exact code comes first.
    /// </summary>
    public async Task<IReadOnlyList<Procedure>> SearchAsync(string jurisdictionCode, string? q, string? field, ProcedureLevel? level, string? agency, bool activeOnly, CancellationToken cancellationToken)
    {
        var query = db.Procedures.AsNoTracking().Where(p => p.JurisdictionCode == jurisdictionCode);
        if (activeOnly)
        {
            query = query.Where(p => p.Active);
        }

        if (!string.IsNullOrWhiteSpace(field))
        {
            var f = field.Trim();
            query = query.Where(p => p.Field == f);
        }

        if (level is { } l)
        {
            query = query.Where(p => p.Level == l);
        }

        if (!string.IsNullOrWhiteSpace(agency))
        {
            var a = agency.Trim().ToUpperInvariant();
            query = query.Where(p => p.AgencyCode == a);
        }

        var folded = TextFolding.Fold(q);
        foreach (var word in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            query = query.Where(p => p.SearchKey.Contains(word));
        }

        return await query.OrderBy(p => p.Code).ToListAsync(cancellationToken);
    }

    public Task<Procedure?> FindAsync(string jurisdictionCode, string code, CancellationToken cancellationToken)
    {
        var c = code.Trim().ToUpperInvariant();
        return db.Procedures.FirstOrDefaultAsync(p => p.JurisdictionCode == jurisdictionCode && p.Code == c, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FieldsAsync(string jurisdictionCode, CancellationToken cancellationToken) =>
        await db.Procedures.AsNoTracking().Where(p => p.JurisdictionCode == jurisdictionCode && p.Active).Select(p => p.Field).Distinct().OrderBy(f => f).ToListAsync(cancellationToken);

    /// <summary>Creates or replaces one procedure; the errors name each wrong field.</summary>
    public async Task<(Procedure? Procedure, bool Created, Dictionary<string, string[]> Errors)> UpsertAsync(string jurisdictionCode, ProcedureDefinition definition, CancellationToken cancellationToken)
    {
        var errors = definition.Validate();
        await CheckAgencyAsync(jurisdictionCode, definition, (field, message) => errors[field] = [message], cancellationToken);
        if (errors.Count > 0)
        {
            return (null, false, errors);
        }

        var existing = await FindAsync(jurisdictionCode, definition.Code, cancellationToken);
        if (existing is null)
        {
            existing = Procedure.Create(jurisdictionCode, definition, clock);
            db.Procedures.Add(existing);
            await db.SaveChangesAsync(cancellationToken);
            return (existing, true, errors);
        }

        existing.Update(definition, clock);
        await db.SaveChangesAsync(cancellationToken);
        return (existing, false, errors);
    }

    /// <summary>
    /// Imports a whole file: every row is checked first (the errors say the line and the field), and only a file
    /// without errors is written, in one save; a dry run checks and counts without writing.
    /// </summary>
    public async Task<ImportSummary> ImportAsync(string jurisdictionCode, IReadOnlyList<(int Line, ProcedureDefinition? Definition, string? ParseError)> rows, bool dryRun, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        if (rows.Count > MaxImportRows)
        {
            return new ImportSummary(dryRun, 0, 0, 0, [new ImportError(0, "file", $"At most {MaxImportRows} procedures per import.")]);
        }

        var known = (await departments.ListAsync(jurisdictionCode, cancellationToken)).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, definition, parseError) in rows)
        {
            if (definition is null)
            {
                errors.Add(new ImportError(line, "row", parseError ?? "Unreadable row."));
                continue;
            }

            errors.AddRange(definition.Validate().Select(e => new ImportError(line, e.Key, e.Value[0])));
            CheckAgency(definition, known, (field, message) => errors.Add(new ImportError(line, field, message)));
            if (definition.Code.Length > 0 && !seen.TryAdd(definition.Code, line))
            {
                errors.Add(new ImportError(line, "code", $"The code {definition.Code} is already on line {seen[definition.Code]}."));
            }
        }

        if (errors.Count > 0)
        {
            return new ImportSummary(dryRun, 0, 0, 0, errors);
        }

        var existing = await db.Procedures.Where(p => p.JurisdictionCode == jurisdictionCode).ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var (_, definition, _) in rows)
        {
            if (!existing.TryGetValue(definition!.Code, out var procedure))
            {
                created++;
                if (!dryRun)
                {
                    db.Procedures.Add(Procedure.Create(jurisdictionCode, definition, clock));
                }
            }
            else if (JsonSerializer.Serialize(procedure.ToDefinition(), Json) == JsonSerializer.Serialize(definition, Json))
            {
                unchanged++;
            }
            else
            {
                updated++;
                if (!dryRun)
                {
                    procedure.Update(definition, clock);
                }
            }
        }

        if (!dryRun)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ImportSummary(dryRun, created, updated, unchanged, []);
    }

    private async Task CheckAgencyAsync(string jurisdictionCode, ProcedureDefinition definition, Action<string, string> error, CancellationToken cancellationToken)
    {
        if (definition.AgencyCode == CommuneAgency || !ProcedureCodes.IsValid(definition.AgencyCode))
        {
            CheckAgency(definition, new HashSet<string>(StringComparer.Ordinal), error);
            return;
        }

        var found = await departments.FindAsync(jurisdictionCode, definition.AgencyCode, cancellationToken);
        CheckAgency(definition, found is null ? [] : new HashSet<string>([found.Code], StringComparer.Ordinal), error);
    }

    private static void CheckAgency(ProcedureDefinition definition, HashSet<string> known, Action<string, string> error)
    {
        if (!ProcedureCodes.IsValid(definition.AgencyCode))
        {
            return;
        }

        if (definition.AgencyCode == CommuneAgency)
        {
            if (definition.Level != ProcedureLevel.Commune)
            {
                error("agency", $"{CommuneAgency} (the applicant's commune committee) handles commune-level procedures only.");
            }

            if (!definition.FormFields.Any(f => f.Type == FormFieldType.Address && f.Required))
            {
                error("formFields", $"A procedure handled by the commune ({CommuneAgency}) needs a required address field: its commune routes the dossier.");
            }
        }
        else if (!known.Contains(definition.AgencyCode))
        {
            error("agency", $"No department {definition.AgencyCode} in this jurisdiction.");
        }
    }

    // ---- file formats ----

    public static IReadOnlyList<(int Line, ProcedureDefinition? Definition, string? ParseError)> ReadJson(string text)
    {
        List<ProcedureDto?>? items;
        try
        {
            items = JsonSerializer.Deserialize<List<ProcedureDto?>>(text, Json);
        }
        catch (JsonException e)
        {
            return [(LineOf(e), null, "Not a JSON array of procedures: " + e.Message)];
        }

        return (items ?? []).Select((dto, i) => (i + 1, dto?.ToDefinition(), dto is null ? "null is not a procedure." : null)).ToList();

        static int LineOf(JsonException e) => (int)(e.LineNumber ?? 0) + 1;
    }

    public static IReadOnlyList<(int Line, ProcedureDefinition? Definition, string? ParseError)> ReadCsv(string text)
    {
        var result = new List<(int, ProcedureDefinition?, string?)>();
        var records = CsvText.Parse(text);
        if (records.Count == 0)
        {
            return [(1, null, "The file is empty: the first line names the columns.")];
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = CsvColumns.Take(11).Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return [(1, null, "Missing columns: " + string.Join(", ", missing) + ".")];
        }

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string Cell(string column)
            {
                var i = header.IndexOf(column);
                var cell = i >= 0 && i < fields.Count ? fields[i].Trim() : string.Empty;
                // Undo the export's guard against spreadsheet formulas (CsvText.Escape).
                return cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' ? cell[1..] : cell;
            }

            try
            {
                var levelText = Cell("level");
                ProcedureLevel level = levelText.ToLowerInvariant() switch
                {
                    "province" or "tinh" or "tỉnh" => ProcedureLevel.Province,
                    "commune" or "xa" or "xã" => ProcedureLevel.Commune,
                    _ => (ProcedureLevel)(-1),
                };
                var dto = new ProcedureDto(
                    Cell("code"), Cell("name_vi"), Cell("name_en"), Cell("field"), level, Cell("agency"),
                    JsonCell<List<RequiredDocument>>(Cell("documents"), "documents"),
                    Cell("forms").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    Number(Cell("fee_vnd"), "fee_vnd"), Cell("fee_note"), (int)Number(Cell("processing_days"), "processing_days"),
                    Cell("legal_basis"), Bool(Cell("fully_online"), "fully_online"),
                    JsonCell<List<FormField>>(Cell("form_fields"), "form_fields"),
                    Cell("active").Length == 0 || Bool(Cell("active"), "active"));
                result.Add((line, dto.ToDefinition(), null));
            }
            catch (FormatException e)
            {
                result.Add((line, null, e.Message));
            }
        }

        return result;

        static long Number(string value, string column) =>
            value.Length == 0 ? 0 : long.TryParse(value.Replace(".", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n : throw new FormatException($"{column}: '{value}' is not a whole number.");

        static bool Bool(string value, string column) => value.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "có" or "co" => true,
            "false" or "0" or "no" or "không" or "khong" or "" => false,
            _ => throw new FormatException($"{column}: '{value}' is true or false."),
        };

        static T? JsonCell<T>(string value, string column)
            where T : class
        {
            if (value.Length == 0)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<T>(value, Json);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{column}: not valid JSON ({e.Message}).");
            }
        }
    }

    public static string WriteCsv(IEnumerable<Procedure> procedures)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', CsvColumns).Append("\r\n");
        foreach (var p in procedures)
        {
            string[] cells =
            [
                p.Code, p.NameVi, p.NameEn, p.Field, p.Level == ProcedureLevel.Province ? "province" : "commune", p.AgencyCode,
                p.ProcessingDays.ToString(CultureInfo.InvariantCulture), p.FeeVnd.ToString(CultureInfo.InvariantCulture), p.FeeNote ?? string.Empty,
                p.FullyOnline ? "true" : "false", p.LegalBasis ?? string.Empty, p.Active ? "true" : "false", string.Join(" | ", p.Forms),
                JsonSerializer.Serialize(p.Documents, Compact), JsonSerializer.Serialize(p.FormFields, Compact),
            ];
            csv.AppendJoin(',', cells.Select(CsvText.Escape)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static readonly JsonSerializerOptions Compact = new(Json) { WriteIndented = false };
}

/// <summary>RFC 4180 text: quoted fields with doubled quotes and line breaks inside; each record keeps the line it started on.</summary>
internal static class CsvText
{
    public static List<(int Line, List<string> Fields)> Parse(string text)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i == 0 && c == '\uFEFF')
            {
                continue;
            }

            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((start, fields));
                    fields = [];
                    any = false;
                    line++;
                    start = line;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add((start, fields));
        }

        return records;
    }

    /// <summary>Quotes a cell when it needs it; a leading =, +, - or @ is prefixed with ' so that a spreadsheet never runs it as a formula.</summary>
    public static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
