using Mekong.Platform.Text;

namespace Mekong.Modules.PublicServices.Domain;

/// <summary>Who decides a procedure: the province (its departments) or a commune People's Committee (<i>UBND xã/phường</i>).</summary>
internal enum ProcedureLevel
{
    Province,
    Commune,
}

/// <summary>One document the applicant hands in (<i>thành phần hồ sơ</i>); a required one must be attached to submit.</summary>
internal sealed record RequiredDocument(string Code, string NameVi, string NameEn, bool Required);

/// <summary>
/// An administrative procedure (<i>thủ tục hành chính</i>) of a jurisdiction, as the national procedure database
/// describes one: its code, field (<i>lĩnh vực</i>), level, handling agency, documents, forms, fee, the legal processing
/// time in working days, the legal basis, whether it can be done fully online, and the e-form a dossier fills in.
/// </summary>
internal sealed class Procedure
{
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 300;
    public const int FieldMaxLength = 100;
    public const int TextMaxLength = 4000;
    public const int MaxDocuments = 30;
    public const int MaxProcessingDays = 365;

    private Procedure()
    {
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; } = string.Empty;

    /// <summary>Upper case, e.g. <c>1.001193</c> (the national database's code) or a local one.</summary>
    public string Code { get; private set; } = string.Empty;

    public string NameVi { get; private set; } = string.Empty;

    public string NameEn { get; private set; } = string.Empty;

    /// <summary>The field (<i>lĩnh vực</i>), e.g. <c>Hộ tịch</c>.</summary>
    public string Field { get; private set; } = string.Empty;

    public ProcedureLevel Level { get; private set; }

    /// <summary>The code of the department (Access) that handles it; for a commune-level procedure, the commune committee handles it.</summary>
    public string AgencyCode { get; private set; } = string.Empty;

    public List<RequiredDocument> Documents { get; private set; } = [];

    /// <summary>The names of the official forms (<i>mẫu đơn, tờ khai</i>).</summary>
    public List<string> Forms { get; private set; } = [];

    /// <summary>The fee in đồng (0: free).</summary>
    public long FeeVnd { get; private set; }

    public string? FeeNote { get; private set; }

    /// <summary>The legal processing time in working days, counted from receipt (<i>tiếp nhận</i>).</summary>
    public int ProcessingDays { get; private set; }

    public string? LegalBasis { get; private set; }

    /// <summary>Whether it can be done fully online (<i>dịch vụ công trực tuyến toàn trình</i>).</summary>
    public bool FullyOnline { get; private set; }

    public List<FormField> FormFields { get; private set; } = [];

    public bool Active { get; private set; } = true;

    /// <summary>Code and both names folded (no diacritics, lower case): what search compares with.</summary>
    public string SearchKey { get; private set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; private set; }

    public string Name(bool english) => english && NameEn.Length > 0 ? NameEn : NameVi;

    public static Procedure Create(string jurisdictionCode, ProcedureDefinition definition, TimeProvider clock)
    {
        var procedure = new Procedure { Id = Guid.CreateVersion7(), JurisdictionCode = jurisdictionCode, Code = definition.Code };
        procedure.Update(definition, clock);
        return procedure;
    }

    /// <summary>Takes a definition already checked by <see cref="ProcedureDefinition.Validate"/>.</summary>
    public void Update(ProcedureDefinition d, TimeProvider clock)
    {
        NameVi = d.NameVi;
        NameEn = d.NameEn;
        Field = d.Field;
        Level = d.Level;
        AgencyCode = d.AgencyCode;
        Documents = [.. d.Documents];
        Forms = [.. d.Forms];
        FeeVnd = d.FeeVnd;
        FeeNote = d.FeeNote;
        ProcessingDays = d.ProcessingDays;
        LegalBasis = d.LegalBasis;
        FullyOnline = d.FullyOnline;
        FormFields = [.. d.FormFields];
        Active = d.Active;
        SearchKey = SearchKeyOf(Code, NameVi, NameEn);
        UpdatedAt = clock.GetUtcNow();
    }

    public ProcedureDefinition ToDefinition() =>
        new(Code, NameVi, NameEn, Field, Level, AgencyCode, Documents, Forms, FeeVnd, FeeNote, ProcessingDays, LegalBasis, FullyOnline, FormFields, Active);

    public static string SearchKeyOf(string code, string nameVi, string nameEn) =>
        TextFolding.Fold(code) + " " + TextFolding.Fold(nameVi) + " " + TextFolding.Fold(nameEn);
}

/// <summary>What an editor or an import says a procedure is; <see cref="Validate"/> names every wrong field.</summary>
internal sealed record ProcedureDefinition(
    string Code,
    string NameVi,
    string NameEn,
    string Field,
    ProcedureLevel Level,
    string AgencyCode,
    IReadOnlyList<RequiredDocument> Documents,
    IReadOnlyList<string> Forms,
    long FeeVnd,
    string? FeeNote,
    int ProcessingDays,
    string? LegalBasis,
    bool FullyOnline,
    IReadOnlyList<FormField> FormFields,
    bool Active = true)
{
    /// <summary>Trims and upper-cases codes; the returned definition is what is stored.</summary>
    public ProcedureDefinition Normalized() => this with
    {
        Code = (Code ?? string.Empty).Trim().ToUpperInvariant(),
        NameVi = (NameVi ?? string.Empty).Trim(),
        NameEn = (NameEn ?? string.Empty).Trim(),
        Field = (Field ?? string.Empty).Trim(),
        AgencyCode = (AgencyCode ?? string.Empty).Trim().ToUpperInvariant(),
        Documents = (Documents ?? []).Select(x => x with { Code = (x.Code ?? string.Empty).Trim().ToLowerInvariant(), NameVi = (x.NameVi ?? string.Empty).Trim(), NameEn = (x.NameEn ?? string.Empty).Trim() }).ToList(),
        Forms = (Forms ?? []).Select(f => (f ?? string.Empty).Trim()).Where(f => f.Length > 0).ToList(),
        FeeNote = string.IsNullOrWhiteSpace(FeeNote) ? null : FeeNote.Trim(),
        LegalBasis = string.IsNullOrWhiteSpace(LegalBasis) ? null : LegalBasis.Trim(),
        FormFields = (FormFields ?? []).Select(f => f.Normalized()).ToList(),
    };

    /// <summary>Errors by field name (camelCase, <c>documents[2].code</c> for a nested one); empty when the definition can be stored.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ProcedureCodes.IsValid(Code))
        {
            errors["code"] = [$"code is 1 to {Procedure.CodeMaxLength} letters, digits, '.', '-' or '_'."];
        }

        if (NameVi.Length is 0 or > Procedure.NameMaxLength)
        {
            errors["nameVi"] = [$"nameVi (the Vietnamese name) is required, at most {Procedure.NameMaxLength} characters."];
        }

        if (NameEn.Length > Procedure.NameMaxLength)
        {
            errors["nameEn"] = [$"nameEn is at most {Procedure.NameMaxLength} characters."];
        }

        if (Field.Length is 0 or > Procedure.FieldMaxLength)
        {
            errors["field"] = [$"field (lĩnh vực) is required, at most {Procedure.FieldMaxLength} characters."];
        }

        if (!Enum.IsDefined(Level))
        {
            errors["level"] = ["level is province or commune."];
        }

        if (!ProcedureCodes.IsValid(AgencyCode))
        {
            errors["agency"] = ["agency is the code of the handling department."];
        }

        if (ProcessingDays is < 0 or > Procedure.MaxProcessingDays)
        {
            errors["processingDays"] = [$"processingDays is a number of working days from 0 to {Procedure.MaxProcessingDays}."];
        }

        if (FeeVnd < 0)
        {
            errors["feeVnd"] = ["feeVnd is an amount in đồng, 0 or more."];
        }

        if (LegalBasis?.Length > Procedure.TextMaxLength)
        {
            errors["legalBasis"] = [$"legalBasis is at most {Procedure.TextMaxLength} characters."];
        }

        if (Documents.Count > Procedure.MaxDocuments)
        {
            errors["documents"] = [$"At most {Procedure.MaxDocuments} documents."];
        }

        for (var i = 0; i < Documents.Count; i++)
        {
            var doc = Documents[i];
            if (!FormField.IsValidKey(doc.Code))
            {
                errors[$"documents[{i}].code"] = ["A document's code is 1 to 40 lower-case letters, digits, '-' or '_' (it names the upload field)."];
            }
            else if (Documents.Take(i).Any(d => d.Code == doc.Code))
            {
                errors[$"documents[{i}].code"] = [$"The document code '{doc.Code}' appears twice."];
            }

            if (doc.NameVi.Length is 0 or > Procedure.NameMaxLength)
            {
                errors[$"documents[{i}].nameVi"] = ["A document's Vietnamese name is required."];
            }
        }

        for (var i = 0; i < FormFields.Count; i++)
        {
            foreach (var (key, message) in FormFields[i].Problems())
            {
                errors[$"formFields[{i}].{key}"] = [message];
            }

            if (FormFields.Take(i).Any(f => f.Key == FormFields[i].Key))
            {
                errors[$"formFields[{i}].key"] = [$"The field key '{FormFields[i].Key}' appears twice."];
            }
        }

        if (FormFields.Count > FormField.MaxFields)
        {
            errors["formFields"] = [$"At most {FormField.MaxFields} e-form fields."];
        }

        return errors;
    }
}

internal static class ProcedureCodes
{
    public static bool IsValid(string? code) =>
        code is { Length: > 0 and <= Procedure.CodeMaxLength } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
