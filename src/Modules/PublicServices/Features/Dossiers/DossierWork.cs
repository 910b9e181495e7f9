using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform.Files;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.PublicServices.Features.Dossiers;

/// <summary>The steps officers take, shared by the API and the screens.</summary>
internal enum DossierAction
{
    Receive,
    RequestSupplement,
    StartProcessing,
    CompleteResult,
    ReturnResult,
    Reject,
    RecordPayment,
}

/// <summary>What a step's outcome is for the caller: done, not found (or not theirs to see), forbidden, refused in this state, or an input error.</summary>
internal enum WorkOutcome
{
    Done,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

internal sealed record WorkResult(WorkOutcome Outcome, Dossier? Dossier, string? Field = null, string? Error = null);

/// <summary>
/// One officer's step on one dossier: the scope decides who may (the desk receives and returns, the handling unit
/// processes and completes, both may ask for a supplement or reject), the entity decides whether the state allows it,
/// and the applicant's e-mail for the step goes into the outbox in the same save. Reading a dossier's personal data
/// writes a <see cref="PersonalDataRead"/>.
/// </summary>
internal sealed class DossierWork(PublicServicesDbContext db, WorkingCalendar calendar, DossierNotices notices, IFileStore files, TimeProvider clock)
{
    public Task<Dossier?> FindAsync(string code, CancellationToken cancellationToken)
    {
        var c = code.Trim().ToUpperInvariant();
        return db.Dossiers.Include(d => d.History).FirstOrDefaultAsync(d => d.Code == c, cancellationToken);
    }

    /// <summary>The dossier with its personal data for an officer who handles it; the read is logged in the same save.</summary>
    public async Task<WorkResult> ReadAsync(DossierScope scope, string code, string purpose, CancellationToken cancellationToken)
    {
        var dossier = await FindAsync(code, cancellationToken);
        if (dossier is null || !scope.SeesJurisdiction(dossier.JurisdictionCode))
        {
            return new WorkResult(WorkOutcome.NotFound, null);
        }

        if (!scope.Covers(dossier))
        {
            return new WorkResult(WorkOutcome.Forbidden, null);
        }

        db.PersonalDataReads.Add(new PersonalDataRead(Guid.CreateVersion7(), dossier.Id, dossier.Code, scope.Actor, purpose, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return new WorkResult(WorkOutcome.Done, dossier);
    }

    public async Task<WorkResult> ActAsync(DossierScope scope, string code, DossierAction action, string? text, long? amount, Upload? result, CancellationToken cancellationToken)
    {
        var dossier = await FindAsync(code, cancellationToken);
        if (dossier is null || !scope.SeesJurisdiction(dossier.JurisdictionCode) || !scope.Covers(dossier))
        {
            return new WorkResult(dossier is null || !scope.SeesJurisdiction(dossier.JurisdictionCode) ? WorkOutcome.NotFound : WorkOutcome.Forbidden, null);
        }

        var allowed = action switch
        {
            DossierAction.Receive or DossierAction.ReturnResult or DossierAction.RecordPayment => scope.IsDeskFor(dossier),
            DossierAction.StartProcessing or DossierAction.CompleteResult => scope.IsHandlerFor(dossier),
            _ => true,
        };
        if (!allowed)
        {
            return new WorkResult(WorkOutcome.Forbidden, dossier, Error: action is DossierAction.StartProcessing or DossierAction.CompleteResult
                ? "Only the handling department (or commune) processes a dossier and gives its result."
                : "Only the one-stop desk receives, takes fees and returns results.");
        }

        var known = dossier.History.Count;
        DossierResult outcome;
        var owner = new FileOwner("public-services", dossier.Code);
        switch (action)
        {
            case DossierAction.Receive:
                outcome = dossier.Receive(scope.Actor, calendar, clock, text);
                break;
            case DossierAction.RequestSupplement:
                outcome = dossier.RequestSupplement(scope.Actor, text ?? string.Empty, clock);
                break;
            case DossierAction.StartProcessing:
                outcome = dossier.StartProcessing(scope.Actor, clock, text);
                break;
            case DossierAction.CompleteResult:
                if (result is null)
                {
                    return new WorkResult(WorkOutcome.Invalid, dossier, "file", "Attach the result document (PDF or photo).");
                }

                if (dossier.Status != DossierStatus.Processing)
                {
                    return new WorkResult(WorkOutcome.Conflict, dossier, Error: $"Only a dossier in processing gets a result; this one is {dossier.Status}.");
                }

                var (stored, errors) = await SubmitDossierHandler.SaveFilesAsync(files, owner, [result with { DocumentCode = ResultDocument }], clock, cancellationToken);
                if (errors.Count > 0)
                {
                    return new WorkResult(WorkOutcome.Invalid, dossier, "file", errors.Values.First()[0]);
                }

                outcome = dossier.CompleteResult(scope.Actor, stored[0], text, clock);
                break;
            case DossierAction.ReturnResult:
                outcome = dossier.ReturnResult(scope.Actor, clock);
                break;
            case DossierAction.Reject:
                outcome = dossier.Reject(scope.Actor, text ?? string.Empty, clock);
                break;
            case DossierAction.RecordPayment:
                outcome = dossier.RecordPayment("counter", amount ?? 0, text, scope.Actor, clock);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }

        if (!outcome.Succeeded)
        {
            return new WorkResult(outcome.Field is null ? WorkOutcome.Conflict : WorkOutcome.Invalid, dossier, outcome.Field, outcome.Error);
        }

        notices.Enqueue(db, dossier, known);
        await db.SaveChangesAsync(cancellationToken);
        return new WorkResult(WorkOutcome.Done, dossier);
    }

    public const string ResultDocument = "ket-qua";

    /// <summary>The applicant's supplement, with the private token of their receipt.</summary>
    public async Task<WorkResult> SupplementAsync(string code, string token, IReadOnlyList<Upload> uploads, string? message, CancellationToken cancellationToken)
    {
        var dossier = await FindAsync(code, cancellationToken);
        if (dossier is null || !TokenMatches(dossier, token))
        {
            return new WorkResult(WorkOutcome.NotFound, null);
        }

        if (dossier.Status != DossierStatus.SupplementRequested)
        {
            return new WorkResult(WorkOutcome.Conflict, dossier, Error: "This dossier is not waiting for a supplement.");
        }

        if (uploads.Count > SubmitDossierHandler.MaxFiles)
        {
            return new WorkResult(WorkOutcome.Invalid, dossier, "files", $"At most {SubmitDossierHandler.MaxFiles} files.");
        }

        var owner = new FileOwner("public-services", dossier.Code);
        var (stored, errors) = await SubmitDossierHandler.SaveFilesAsync(files, owner, uploads, clock, cancellationToken);
        if (errors.Count > 0)
        {
            return new WorkResult(WorkOutcome.Invalid, dossier, errors.Keys.First(), errors.Values.First()[0]);
        }

        var known = dossier.History.Count;
        var outcome = dossier.Supplement(stored, message, "applicant", calendar, clock);
        if (!outcome.Succeeded)
        {
            return new WorkResult(WorkOutcome.Invalid, dossier, outcome.Field, outcome.Error);
        }

        notices.Enqueue(db, dossier, known);
        await db.SaveChangesAsync(cancellationToken);
        return new WorkResult(WorkOutcome.Done, dossier);
    }

    /// <summary>Tracking without an account (<i>tra cứu hồ sơ</i>): the code and the phone or e-mail given; a wrong code and a wrong contact answer alike.</summary>
    public async Task<Dossier?> TrackAsync(string? code, string? contact, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(contact) || code.Length > Dossier.CodeMaxLength || contact.Length > Applicant.EmailMaxLength)
        {
            return null;
        }

        var wanted = code.Trim().ToUpperInvariant();
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.History).AsSplitQuery().FirstOrDefaultAsync(d => d.Code == wanted, cancellationToken);
        var phone = Applicant.NormalizePhone(contact);
        var email = Applicant.NormalizeEmail(contact);
        var matches = dossier is not null
            && ((phone is { Length: > 0 } && FixedEquals(dossier.Applicant.Phone, phone)) | FixedEquals(dossier.Applicant.Email, email));
        return matches ? dossier : null;
    }

    public static bool TokenMatches(Dossier dossier, string? token) => FixedEquals(dossier.AccessToken, token);

    private static bool FixedEquals(string? a, string? b) =>
        a is not null && b is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
