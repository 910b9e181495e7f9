using System.ComponentModel.DataAnnotations;

namespace Mekong.Platform.Files;

/// <summary><c>Mekong:Files</c>: limits of the file store.</summary>
public sealed class FileStoreOptions
{
    public const string Section = "Mekong:Files";

    /// <summary>Largest upload accepted, in bytes (default 20 MiB).</summary>
    [Range(1024, 1L << 31, ErrorMessage = "Mekong:Files:MaxBytes must be between 1 KiB and 2 GiB.")]
    public long MaxBytes { get; set; } = 20L << 20;

    /// <summary>Largest image, in pixels, that is decoded (default 40 MP: about 160 MB while decoding); refused from its header before that.</summary>
    [Range(1, 200_000_000, ErrorMessage = "Mekong:Files:MaxImagePixels must be between 1 and 200,000,000.")]
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>Longest side of an image, in pixels (default 12,000).</summary>
    [Range(1, 65_535, ErrorMessage = "Mekong:Files:MaxImageSide must be between 1 and 65,535.")]
    public int MaxImageSide { get; set; } = 12_000;

    /// <summary>Images decoded at the same time, so that memory stays within about this many times MaxImagePixels × 4 bytes.</summary>
    [Range(1, 64, ErrorMessage = "Mekong:Files:ConcurrentImageDecodes must be between 1 and 64.")]
    public int ConcurrentImageDecodes { get; set; } = 2;
}
