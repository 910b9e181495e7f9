using System.Net.Mail;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Features.Catalogue;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform.Caching;
using Mekong.Platform.Files;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.PublicServices.Features.Dossiers;

/// <summary>An upload as the handler sees it (a form file, or bytes in a test or the CLI).</summary>
internal sealed record Upload(string DocumentCode, string FileName, Func<Stream> Open);

internal sealed record SubmitDossierRequest(
    string ProcedureCode,
    string? FullName,
    string? IdentityNumber,
    string? Phone,
    string? Email,
    IReadOnlyDictionary<string, string?> Fields,
    IReadOnlyList<Upload> Files,
    bool Online,
    string? SubmittedBy,
    string Language);

internal sealed record SubmitDossierResult(Dossier? Dossier, Dictionary<string, string[]> Errors, bool ProcedureMissing = false);

/// <summary>
/// A resident's dossier: the applicant and the e-form checked against the procedure (each error named), every
/// required document attached, each file checked by content in the file store (PDF or photo), then one save with the
/// applicant's first e-mail in the outbox. Nothing is kept of a refused submission (its files are released).
/// </summary>
internal sealed class SubmitDossierHandler(
    PublicServicesDbContext db, ProcedureCatalogue catalogue, CommuneList communes, IFileStore files, DossierNotices notices, TimeProvider clock)
{
    public const int MaxFiles = 20;

    public async Task<SubmitDossierResult> HandleAsync(string jurisdictionCode, SubmitDossierRequest request, CancellationToken cancellationToken)
    {
        var procedure = await catalogue.FindAsync(jurisdictionCode, request.ProcedureCode, cancellationToken);
        if (procedure is not { Active: true })
        {
            return new SubmitDossierResult(null, new() { ["procedure"] = [$"No procedure {request.ProcedureCode}."] }, ProcedureMissing: true);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var applicant = CheckApplicant(request, errors);
        var known = await communes.CodesAsync(jurisdictionCode, cancellationToken);
        var (values, formErrors) = EForm.Validate(procedure.FormFields, request.Fields, known.Contains);
        foreach (var (key, value) in formErrors)
        {
            errors[key] = value;
        }

        if (procedure.FormFields.FirstOrDefault(f => f.Type == FormFieldType.Address) is { } address && values.TryGetValue(address.Key, out var street))
        {
            applicant.Address = street;
            applicant.CommuneCode = values[address.Key + FormField.CommuneSuffix];
        }

        if (request.Files.Count > MaxFiles)
        {
            errors["files"] = [$"At most {MaxFiles} files."];
        }

        foreach (var document in procedure.Documents)
        {
            if (document.Required && !request.Files.Any(f => f.DocumentCode == document.Code))
            {
                errors["documents." + document.Code] = [$"{document.NameVi}: attach this document."];
            }
        }

        foreach (var file in request.Files.Where(f => procedure.Documents.All(d => d.Code != f.DocumentCode)))
        {
            errors["documents." + file.DocumentCode] = ["This procedure asks for no such document."];
        }

        if (errors.Count > 0)
        {
            return new SubmitDossierResult(null, errors);
        }

        var code = Dossier.NewCode(jurisdictionCode, clock.GetUtcNow());
        var owner = new FileOwner("public-services", code);
        var (stored, fileErrors) = await SaveFilesAsync(files, owner, request.Files, clock, cancellationToken);
        if (fileErrors.Count > 0)
        {
            await files.ReleaseAsync(owner, cancellationToken);
            return new SubmitDossierResult(null, fileErrors);
        }

        var dossier = Dossier.Submit(procedure, applicant, values, stored, request.Online, request.SubmittedBy, request.Language, clock, code);
        db.Dossiers.Add(dossier);
        notices.Enqueue(db, dossier, 0);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await files.ReleaseAsync(owner, CancellationToken.None);
            throw;
        }

        return new SubmitDossierResult(dossier, errors);
    }

    /// <summary>Each upload through the file store: a PDF as a document, anything else must decode as a photo.</summary>
    public static async Task<(List<DossierFile> Stored, Dictionary<string, string[]> Errors)> SaveFilesAsync(
        IFileStore store, FileOwner owner, IEnumerable<Upload> uploads, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stored = new List<DossierFile>();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var upload in uploads)
        {
            await using var content = upload.Open();
            var head = new byte[5];
            var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            var kind = read == 5 && head.AsSpan().SequenceEqual("%PDF-"u8) ? FileKind.Document : FileKind.Image;
            content.Position = 0;
            var saved = await store.SaveAsync(owner, content, kind, cancellationToken);
            if (saved.File is null)
            {
                errors["documents." + upload.DocumentCode] = [$"{upload.FileName}: {saved.Rejection!.Detail} (a PDF or a photo)."];
                continue;
            }

            var name = Path.GetFileName(upload.FileName);
            stored.Add(new DossierFile(upload.DocumentCode, saved.File.Original.Hash, saved.File.Original.ContentType, saved.File.Original.Length,
                name.Length is 0 or > 200 ? upload.DocumentCode : name, clock.GetUtcNow()));
        }

        return (stored, errors);
    }

    private static Applicant CheckApplicant(SubmitDossierRequest request, Dictionary<string, string[]> errors)
    {
        var name = request.FullName?.Trim() ?? string.Empty;
        if (name.Length is 0 or > Applicant.NameMaxLength)
        {
            errors["fullName"] = [$"Your full name (1 to {Applicant.NameMaxLength} characters)."];
        }

        var identity = request.IdentityNumber?.Trim() ?? string.Empty;
        if (!IdentityNumbers.IsValid(identity))
        {
            errors["identityNumber"] = ["Your identity number (số định danh / CCCD): 12 digits."];
        }

        var phone = Applicant.NormalizePhone(request.Phone);
        if (phone is not null && phone.Length is < 9 or > 11)
        {
            errors["phone"] = ["A phone number of 9 to 11 digits."];
        }

        var email = Applicant.NormalizeEmail(request.Email);
        if (email is not null && (email.Length > Applicant.EmailMaxLength || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            errors["email"] = ["An e-mail address such as ten@example.vn."];
        }

        if (phone is null && email is null)
        {
            errors["phone"] = ["A phone number or an e-mail address: the dossier is tracked with it."];
        }

        return new Applicant { FullName = name, IdentityNumber = identity, Phone = phone, Email = email };
    }
}

/// <summary>The communes of a jurisdiction (AdminUnits, through its contract), kept a few minutes: the e-form's address check and list.</summary>
internal sealed class CommuneList(IServiceProvider services, TimeProvider clock)
{
    private readonly ExpiringCache<string, IReadOnlyList<AdminUnitInfo>> _cache = new(TimeSpan.FromMinutes(5), 64, clock);

    public async Task<IReadOnlyList<AdminUnitInfo>> ListAsync(string jurisdictionCode, CancellationToken cancellationToken) =>
        await _cache.GetOrLoadAsync(jurisdictionCode, async (code, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IAdminUnitDirectory>().ListCommunesAsync(code, null, ct);
        }, cancellationToken);

    public async Task<HashSet<string>> CodesAsync(string jurisdictionCode, CancellationToken cancellationToken) =>
        (await ListAsync(jurisdictionCode, cancellationToken)).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
}
