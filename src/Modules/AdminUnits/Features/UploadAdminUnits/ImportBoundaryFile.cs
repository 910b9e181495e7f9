using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Events;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.AdminUnits.Features.UploadAdminUnits;

/// <summary>What the upload step was given: the form's fields and the file's content.</summary>
internal sealed record UploadBoundaryFileRequest(string? Jurisdiction, string? Level, string? ValidFrom, string? SourceCrs, string FileName, Stream? Content, long Length);

/// <summary>Which properties the administrator chose on the mapping step (property names as the file spells them).</summary>
internal sealed record MapBoundaryFileRequest(string? Code, string? Name, string? NameEn, string? Parent, string? Population, string? Households, string? SourceCrs);

/// <summary>Why a step said no: a key of <c>ImportText</c> and its arguments, so each caller words it in its own language.</summary>
internal sealed record ImportStepProblem(string Key, params object[] Arguments);

/// <summary>
/// The use case behind <c>/admin/import</c>, in the steps an administrator takes: upload a file (checked for what it
/// is, described, its properties guessed), map its properties, check it (a dry run) and apply it. Each step is one
/// call over an upload id, so a caller — the page today, an API or a background job with progress later — only
/// passes the id along; the ownership rule (an upload is its uploader's, in a jurisdiction they may act for) is here.
/// </summary>
internal sealed class ImportBoundaryFile(
    AdminUnitsDbContext db, ImportUploads uploads, IOptions<ImportUploadOptions> limits, AdminUnitImporter importer, IWorkRunner work, TimeProvider clock)
{
    /// <summary>The levels the screen offers, in its order.</summary>
    public static readonly IReadOnlyList<string> Levels = ["province", "district", "commune"];

    /// <summary>The jurisdictions <paramref name="actor"/> may import into.</summary>
    public async Task<List<JurisdictionInfo>> JurisdictionsForAsync(ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var query = db.Jurisdictions.AsNoTracking();
        if (!ActorScope.IsInstallationAdministrator(actor))
        {
            var own = ActorScope.JurisdictionOf(actor);
            query = query.Where(j => j.Code == own);
        }

        return (await query.OrderBy(j => j.Code).ToListAsync(cancellationToken)).Select(j => j.ToInfo()).ToList();
    }

    /// <summary>Step 1: stores the file, describes it and guesses the mapping; returns the upload or why not.</summary>
    public async Task<(ImportUpload? Upload, ImportStepProblem? Problem)> UploadAsync(UploadBoundaryFileRequest request, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var jurisdiction = request.Jurisdiction is { } wanted && ActorScope.CanAccess(actor, wanted)
            ? await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Code == wanted, cancellationToken)
            : null;
        if (jurisdiction is null)
        {
            return (null, new("BadJurisdiction"));
        }

        if (request.Level is null || !Levels.Contains(request.Level) || !AdminLevelNames.TryParse(request.Level, out var level))
        {
            return (null, new("BadLevel"));
        }

        if (!DateOnly.TryParseExact(request.ValidFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var validFrom))
        {
            return (null, new("BadDate"));
        }

        var crs = NormaliseCrs(request.SourceCrs);
        if (crs is { } text && SourceCrs.Resolve(text, out _) is null)
        {
            return (null, new("BadCrs", request.SourceCrs ?? string.Empty));
        }

        if (request.Content is null || request.Length == 0)
        {
            return (null, new("Problem_Empty"));
        }

        if (request.Length > ImportUploads.MaxFileBytes)
        {
            return (null, new("TooLarge"));
        }

        var (id, problem) = await uploads.SaveAsync(request.Content, cancellationToken);
        if (id is null)
        {
            return (null, problem switch
            {
                UploadProblem.TooLarge => new("TooLarge"),
                UploadProblem.Full => new("Problem_Full", limits.Value.MaxCount, limits.Value.MaxTotalMegabytes, limits.Value.KeptForHours),
                _ => new("Problem_" + problem),
            });
        }

        var stored = ImportUploads.StoredNameOf(Path.Combine(uploads.Root, id));
        var upload = new ImportUpload(id, Path.GetFileName(request.FileName), stored, jurisdiction.Code, level.ToApi(), validFrom, crs, UserId(actor), clock.GetUtcNow(), null);
        try
        {
            await using var content = File.OpenRead(Path.Combine(uploads.Root, id, stored));
            upload = upload with { Preview = importer.Describe(ImportFile.FromStream(content, stored), cancellationToken) };
        }
        catch (ImportFileException ex)
        {
            uploads.Delete(id);
            return (null, new("Unreadable", ex.Message));
        }

        var names = upload.Preview.Properties.Select(p => p.Name).ToList();
        var guess = (string target) => ImportPreview.Guess(names, target, level);
        upload = upload with
        {
            Mapping = new ImportMapping(guess("code") ?? names.FirstOrDefault() ?? "code", guess("name") ?? names.Skip(1).FirstOrDefault() ?? "name",
                guess("name_en"), guess("parent"), guess("population"), guess("households")),
        };
        await uploads.WriteAsync(upload, cancellationToken);
        return (upload, null);
    }

    /// <summary>The upload, if it exists, has not expired, and is <paramref name="actor"/>'s: anyone else's is as if it did not exist.</summary>
    public async Task<ImportUpload?> FindAsync(string? id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(id, cancellationToken);
        return upload is not null && upload.UploadedBy == UserId(actor) && ActorScope.CanAccess(actor, upload.Jurisdiction) ? upload : null;
    }

    /// <summary>Step 2: keeps the chosen mapping (code and name are required, every name must be a property of the file).</summary>
    public async Task<(ImportUpload? Upload, ImportStepProblem? Problem)> MapAsync(string? id, MapBoundaryFileRequest request, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, actor, cancellationToken) is not { Preview: { } preview } upload)
        {
            return (null, new("UploadGone"));
        }

        var names = preview.Properties.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string? Pick(string? value) => string.IsNullOrWhiteSpace(value) || !names.Contains(value) ? null : value;
        var code = Pick(request.Code);
        var name = Pick(request.Name);
        if (code is null || name is null)
        {
            return (null, new("CodeAndNameRequired"));
        }

        var crs = NormaliseCrs(request.SourceCrs);
        if (crs is { } text && SourceCrs.Resolve(text, out _) is null)
        {
            return (null, new("BadCrs", request.SourceCrs ?? string.Empty));
        }

        uploads.DeleteCheck(upload);
        upload = upload with
        {
            Mapping = new ImportMapping(code, name, Pick(request.NameEn), Pick(request.Parent), Pick(request.Population), Pick(request.Households)),
            SourceCrs = crs,
        };
        await uploads.WriteAsync(upload, cancellationToken);
        return (upload, null);
    }

    /// <summary>
    /// Step 3: starts the dry run — what applying would do, changing nothing — in the background; returns the work's id
    /// (its page shows the progress and links to <see cref="FindCheckAsync"/>'s report), or why not (another import runs).
    /// </summary>
    public Task<(Guid? Work, ImportStepProblem? Problem)> StartCheckAsync(ImportUpload upload, ClaimsPrincipal actor, CancellationToken cancellationToken) =>
        StartAsync(upload, dryRun: true, skipInvalid: false, actor, cancellationToken);

    /// <summary>Step 4: starts applying the file in the background; once applied, the upload is deleted and the work's result holds <see cref="ImportApplied"/>.</summary>
    public Task<(Guid? Work, ImportStepProblem? Problem)> StartApplyAsync(ImportUpload upload, bool skipInvalid, ClaimsPrincipal actor, CancellationToken cancellationToken) =>
        StartAsync(upload, dryRun: false, skipInvalid, actor, cancellationToken);

    /// <summary>The report of the upload's latest check (or refused apply), once its work has ended.</summary>
    public Task<ImportCheck?> FindCheckAsync(ImportUpload upload, CancellationToken cancellationToken) => uploads.FindCheckAsync(upload, cancellationToken);

    private async Task<(Guid? Work, ImportStepProblem? Problem)> StartAsync(ImportUpload upload, bool dryRun, bool skipInvalid, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        if (upload.Mapping is null)
        {
            return (null, new("CodeAndNameRequired"));
        }

        // The slot is taken now, in the request, so a second import is told "busy" on its own screen; the work holds it to its end.
        var slot = importer.TryReserve();
        if (slot is null)
        {
            return (null, new("Busy", importer.BusyMessage));
        }

        Guid? id;
        try
        {
            if (dryRun)
            {
                uploads.DeleteCheck(upload);
            }

            var name = ImportMessages.Format(dryRun ? "WorkCheck" : "WorkApply", upload.OriginalName, upload.Level, upload.Jurisdiction);
            var uploadId = upload.Id;
            id = await work.StartAsync(new WorkRequest(name, actor.Identity?.Name, upload.Jurisdiction), async context =>
            {
                using (slot)
                {
                    var handler = context.Services.GetRequiredService<ImportBoundaryFile>();
                    return await handler.RunAsync(context, uploadId, dryRun, skipInvalid);
                }
            }, cancellationToken);
        }
        catch
        {
            slot.Dispose();
            throw;
        }

        if (id is null)
        {
            slot.Dispose();
            return (null, new("WorkBusy"));
        }

        return (id, null);
    }

    /// <summary>The work itself, in its own scope, in the slot its starter took.</summary>
    private async Task<WorkOutcome> RunAsync(WorkContext context, string uploadId, bool dryRun, bool skipInvalid)
    {
        if (await uploads.FindAsync(uploadId, context.Cancellation) is not { } upload)
        {
            return WorkOutcome.Refused(ImportMessages.Get("WorkUploadGone"));
        }

        var report = await RunAsync(upload, dryRun, skipInvalid, context.Progress, context.Cancellation);
        var counts = new object[] { report.Created, report.Updated, report.Ended, report.Unchanged, report.Rejected };
        var back = $"/admin/import?id={upload.Id}&step=check";
        if (report.Applied)
        {
            uploads.Delete(upload.Id);
            var applied = new ImportApplied(upload.OriginalName, upload.Jurisdiction, report.Created, report.Updated, report.Ended, report.Unchanged, report.Rejected);
            return WorkOutcome.Done(ImportMessages.Format("WorkApplied", counts), $"/admin/import?work={context.Id}", JsonSerializer.Serialize(applied));
        }

        await uploads.WriteCheckAsync(upload, ImportCheck.From(report, refused: !dryRun), CancellationToken.None);
        if (report.FileError is not null)
        {
            return WorkOutcome.Refused(ImportMessages.Format("WorkFileError", report.FileError), back);
        }

        return dryRun
            ? WorkOutcome.Done(ImportMessages.Format("WorkChecked", counts), back)
            : WorkOutcome.Refused(ImportMessages.Format("WorkRefused", report.Rejected), back);
    }

    /// <summary>"9210", "EPSG:9210" and "epsg 9210" all mean EPSG:9210; anything else is passed on as written (WKT).</summary>
    internal static string? NormaliseCrs(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        var digits = trimmed.StartsWith("EPSG", StringComparison.OrdinalIgnoreCase) ? trimmed[4..].TrimStart(':', ' ') : trimmed;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? $"EPSG:{code}" : trimmed;
    }

    private async Task<ImportReport> RunAsync(ImportUpload upload, bool dryRun, bool skipInvalid, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        if (upload.Mapping is not { } mapping || !AdminLevelNames.TryParse(upload.Level, out var level))
        {
            throw new InvalidOperationException($"Upload {upload.Id} has no mapping yet: map it before checking or applying.");
        }

        // A property the file lacks must not be looked up under its default name ("population"): map it to none.
        const string None = "\u0000none";
        var options = new ImportOptions(upload.Jurisdiction, level, upload.ValidFrom)
        {
            CodeProperty = mapping.Code,
            NameProperty = mapping.Name,
            NameEnProperty = mapping.NameEn ?? None,
            ParentProperty = mapping.Parent ?? None,
            PopulationProperty = mapping.Population ?? None,
            HouseholdsProperty = mapping.Households ?? None,
            SourceCrs = upload.SourceCrs,
            DryRun = dryRun,
            SkipInvalid = skipInvalid,
            KeepShapes = true,
        };
        await using var content = File.OpenRead(uploads.FilePath(upload));
        return await importer.ImportInSlotAsync(ImportFile.FromStream(content, upload.StoredName), options, progress, cancellationToken);
    }

    private static string UserId(ClaimsPrincipal actor) => actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? actor.Identity?.Name ?? string.Empty;
}
