using System.ComponentModel.DataAnnotations;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// How much a boundary file may make the server read, unpack and hold (<c>Mekong:Import:*</c>). Every reader checks
/// these before it allocates, so a crafted file gets an error that names the limit instead of exhausting memory; the
/// defaults and the memory they bound are in docs/operations.md ("Import limits").
/// </summary>
internal sealed class ImportLimits
{
    public const string Section = "Mekong:Import";

    /// <summary>The largest file read (a GeoJSON or CSV file, or one entry of a zip once unpacked).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>All entries of a zip together, unpacked (as their headers declare them, and as they are unpacked).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUnpackedBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Unpacked size over packed size of one zip entry: zeros pack about 1,000 to 1; real Shapefiles 2 to 50.</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Entries (files and folders) in one zip.</summary>
    [Range(1, 100_000)]
    public int MaxZipEntries { get; set; } = 100;

    /// <summary>A <c>.prj</c>, <c>.cpg</c> or GeoJSON <c>crs</c> member: a coordinate system's WKT is a few kilobytes.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxSidecarBytes { get; set; } = 64 * 1024;

    /// <summary>Features (records, rows) in one file: Vietnam had about 10,600 communes before 1 July 2025, 3,321 after.</summary>
    [Range(1, 10_000_000)]
    public int MaxFeatures { get; set; } = 50_000;

    /// <summary>Vertices in the whole file: the budget that bounds the memory of the checks that follow the read.</summary>
    [Range(4, 1_000_000_000)]
    public int MaxPoints { get; set; } = 2_000_000;

    /// <summary>Parts (rings) of one feature: a coastal province with its islands has a few thousand.</summary>
    [Range(1, 100_000_000)]
    public int MaxPartsPerFeature { get; set; } = 20_000;

    /// <summary>One GeoJSON feature or one CSV row (with its WKT), in bytes of the file.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxFeatureBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Nesting of GeoJSON: a MultiPolygon in a FeatureCollection is 8 deep.</summary>
    [Range(8, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Imports, dry runs and upload previews running at once in the installation (one data directory); others are refused as busy.</summary>
    [Range(1, 64)]
    public int MaxConcurrentImports { get; set; } = 1;
}

/// <summary>Names the full key of a limit out of range (<c>Mekong:Import:MaxPoints must be between 4 and ...</c>), so the start-up message points at the setting.</summary>
internal sealed class ImportLimitsValidator : Microsoft.Extensions.Options.IValidateOptions<ImportLimits>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ImportLimits options)
    {
        var failures = new List<string>();
        foreach (var property in typeof(ImportLimits).GetProperties())
        {
            var range = (RangeAttribute?)Attribute.GetCustomAttribute(property, typeof(RangeAttribute));
            if (range is not null && !range.IsValid(property.GetValue(options)))
            {
                failures.Add($"{ImportLimits.Section}:{property.Name} is {property.GetValue(options)}; it must be between {range.Minimum} and {range.Maximum}.");
            }
        }

        return failures.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(failures);
    }
}
