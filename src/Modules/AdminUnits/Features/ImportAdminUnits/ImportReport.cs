using System.Globalization;
using Mekong.Modules.AdminUnits.Domain;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>What an import of a boundary file should do: which jurisdiction, level and date, and where the attributes are.</summary>
internal sealed record ImportOptions(string JurisdictionCode, AdminLevel Level, DateOnly ValidFrom)
{
    public string CodeProperty { get; init; } = "code";

    public string NameProperty { get; init; } = "name";

    public string NameEnProperty { get; init; } = "name_en";

    public string ParentProperty { get; init; } = "parent";

    public string PopulationProperty { get; init; } = "population";

    public string HouseholdsProperty { get; init; } = "households";

    /// <summary>EPSG:N or WKT; overrides what the file declares. Needed for a Shapefile without <c>.prj</c>.</summary>
    public string? SourceCrs { get; init; }

    /// <summary>Validate and report; write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Import the valid features even when others are rejected (their units stay as they are).</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Keep every feature's geometry (WGS 84) in <see cref="ImportReport.Shapes"/>: the upload screen draws them.</summary>
    public bool KeepShapes { get; init; }
}

internal enum IssueSeverity
{
    Warning,
    Rejection,
}

/// <summary>One finding about one feature (or, without a feature number, about the file).</summary>
internal sealed record ImportIssue(IssueSeverity Severity, int? Feature, string? Code, string Message)
{
    /// <summary>Where the problem is, in WGS 84, when the engine knows: the overlap, the gap, the part outside the parent, the invalid vertex.</summary>
    public Geometry? Where { get; init; }

    /// <summary>The message with where it applies, in the current UI culture (the message itself is in the culture it was made in).</summary>
    public override string ToString() => (Feature, Code) switch
    {
        (null, null) => Message,
        ({ } n, null) => ImportMessages.Format("IssueFeature", n, Message),
        (null, { } c) => ImportMessages.Format("IssueCode", c, Message),
        ({ } n, { } c) => ImportMessages.Format("IssueFeatureCode", n, c, Message),
    };
}

/// <summary>One feature of the file as read and transformed to WGS 84 (kept only with <see cref="ImportOptions.KeepShapes"/>).</summary>
internal sealed record ImportShape(int Feature, string Code, string Name, Geometry Geometry);

/// <summary>The outcome of an import: shown by the CLI, and later by the upload screen.</summary>
internal sealed class ImportReport(string fileName, ImportOptions options)
{
    public string FileName { get; } = fileName;

    public ImportOptions Options { get; } = options;

    public string? Format { get; set; }

    public string? Crs { get; set; }

    public List<string> Notes { get; } = [];

    /// <summary>Set when the file as a whole cannot be imported; nothing is written.</summary>
    public string? FileError { get; set; }

    /// <summary>Nothing was read: other imports hold every slot (<see cref="ImportLimits.MaxConcurrentImports"/>); try again later.</summary>
    public bool Busy { get; set; }

    public int Features { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Ended { get; set; }

    public int Unchanged { get; set; }

    public List<ImportIssue> Issues { get; } = [];

    /// <summary>Wall time of each step (read, check, write), so a slow import says where its time went.</summary>
    public List<(string Step, TimeSpan Took)> Timings { get; } = [];

    /// <summary>The file's features in WGS 84, or null unless <see cref="ImportOptions.KeepShapes"/>.</summary>
    public List<ImportShape>? Shapes { get; } = options.KeepShapes ? [] : null;

    /// <summary>Whether the changes were written (false for a dry run, a file error, or rejections without --skip-invalid).</summary>
    public bool Applied { get; set; }

    public int Rejected => Issues.Where(i => i.Severity == IssueSeverity.Rejection && i.Feature is not null).Select(i => i.Feature).Distinct().Count();

    public IEnumerable<ImportIssue> Rejections => Issues.Where(i => i.Severity == IssueSeverity.Rejection);

    public IEnumerable<ImportIssue> Warnings => Issues.Where(i => i.Severity == IssueSeverity.Warning);

    /// <summary>Everything went in: no file error and no rejected feature.</summary>
    public bool Succeeded => FileError is null && Rejected == 0;

    public void Reject(int? feature, string? code, string message, Geometry? where = null) =>
        Issues.Add(new ImportIssue(IssueSeverity.Rejection, feature, code, message) { Where = where });

    public void Warn(int? feature, string? code, string message, Geometry? where = null) =>
        Issues.Add(new ImportIssue(IssueSeverity.Warning, feature, code, message) { Where = where });

    /// <summary>The report as the CLI prints it, in the current UI culture.</summary>
    public void WriteTo(TextWriter writer)
    {
        var level = ImportMessages.Get("Level_" + Options.Level.ToApi());
        writer.WriteLine(Format is null ? ImportMessages.Format("ReportFile", FileName) : ImportMessages.Format("ReportFileFormat", FileName, Format, Features));
        writer.WriteLine(ImportMessages.Format("ReportImport", level, Options.JurisdictionCode, Options.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (Crs is not null)
        {
            writer.WriteLine(ImportMessages.Format("ReportCoordinates", Crs));
        }

        foreach (var note in Notes)
        {
            writer.WriteLine(ImportMessages.Format("ReportNote", note));
        }

        if (FileError is not null)
        {
            writer.WriteLine(ImportMessages.Format("ReportError", FileError));
            writer.WriteLine(ImportMessages.Get("ReportNothingWritten"));
            return;
        }

        var rejections = Rejections.ToList();
        if (rejections.Count > 0)
        {
            writer.WriteLine(ImportMessages.Format("ReportRejected", Rejected));
            foreach (var issue in rejections)
            {
                writer.WriteLine($"  {issue}");
            }
        }

        var warnings = Warnings.ToList();
        if (warnings.Count > 0)
        {
            writer.WriteLine(ImportMessages.Format("ReportWarnings", warnings.Count));
            foreach (var issue in warnings)
            {
                writer.WriteLine($"  {issue}");
            }
        }

        if (Timings.Count > 0)
        {
            writer.WriteLine(ImportMessages.Format("ReportTimings", string.Join(", ", Timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Step} {t.Took.TotalSeconds:0.00} s")))));
        }

        writer.WriteLine(ImportMessages.Format(Applied ? "ReportSummary" : "ReportSummaryDry", Created, Updated, Ended, Unchanged, Rejected));
        if (Applied)
        {
            writer.WriteLine(ImportMessages.Get(Rejected > 0 ? "ReportWrittenSkipping" : "ReportWritten"));
        }
        else if (Options.DryRun)
        {
            writer.WriteLine(ImportMessages.Get("ReportDryRun"));
        }
        else
        {
            writer.WriteLine(ImportMessages.Get("ReportRefused"));
        }
    }
}
