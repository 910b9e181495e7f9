using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Events;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// Imports one level of a jurisdiction's units from a boundary file: read, transform to WGS 84, validate everything,
/// then — only when nothing was rejected (or <see cref="ImportOptions.SkipInvalid"/>) and it is not a dry run — write
/// the new versions in one transaction. Callable from the CLI (a path) and from an upload (a stream).
/// </summary>
internal sealed class AdminUnitImporter(AdminUnitsDbContext db, IOptions<ImportLimits> limits, ImportGate gate, IEventPublisher? events = null)
{
    public const int ProgressEvery = 500;

    /// <summary>What the file holds (format, coordinate system, properties with examples), read under the same limits and gate as an import.</summary>
    public FilePreview Describe(ImportFile file, CancellationToken cancellationToken)
    {
        using var slot = gate.Enter();
        return ImportPreview.Describe(FeatureReaders.Read(file, limits.Value, cancellationToken));
    }

    /// <summary>A slot for an import the caller runs later (in the background, with <see cref="ImportInSlotAsync"/>), held until disposed; null when every slot is taken.</summary>
    public IDisposable? TryReserve()
    {
        try
        {
            return gate.Enter();
        }
        catch (ImportFileException ex) when (ex.Busy)
        {
            return null;
        }
    }

    /// <summary>Why <see cref="TryReserve"/> said no, in the current UI culture.</summary>
    public string BusyMessage => ImportMessages.Format("Busy", limits.Value.MaxConcurrentImports);

    /// <summary>An import in a slot the caller holds (<see cref="TryReserve"/>): the screen takes the slot when the person presses the button, so a second import is told "busy" at once.</summary>
    public Task<ImportReport> ImportInSlotAsync(ImportFile file, ImportOptions options, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken) =>
        ImportAsync(file, options, new ImportReport(file.FileName, options), progress, cancellationToken);

    public async Task<ImportReport> ImportAsync(ImportFile file, ImportOptions options, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
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

    private async Task<ImportReport> ImportAsync(ImportFile file, ImportOptions options, ImportReport report, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
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
        progress?.Report(new ProgressUpdate(0, null, ImportMessages.Get("StepRead")));
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
        var crs = CandidateReader.ResolveCrs(set, options, report);
        if (crs is null)
        {
            return report;
        }

        report.Crs = crs.Description;
        if (!CandidateReader.HasProperties(set, options, report))
        {
            return report;
        }

        var candidates = CandidateReader.ReadCandidates(set, crs, options, report, progress, cancellationToken);
        CandidateReader.RejectDuplicateCodes(candidates, report);
        Step(ImportMessages.Get("StepTransform"));
        var topology = new TopologyValidator(db);
        var parents = await topology.ResolveParentsAsync(candidates, options, report, cancellationToken);
        TopologyValidator.CheckContainment(candidates, parents, report, progress, cancellationToken);
        Step(ImportMessages.Get("StepParents"));
        TopologyValidator.CheckSiblings(candidates, parents, report, progress, cancellationToken);
        Step(ImportMessages.Get("StepSiblings"));
        progress?.Report(new ProgressUpdate(0, null, ImportMessages.Get(options.DryRun ? "StepCompare" : "StepWrite")));
        await new VersionWriter(db, events).ApplyAsync(candidates, options, report, cancellationToken);
        Step(ImportMessages.Get(report.Applied ? "StepWrite" : "StepCompare"));
        return report;
    }
}
