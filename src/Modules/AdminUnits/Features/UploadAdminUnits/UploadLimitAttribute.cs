using Microsoft.AspNetCore.Http.Metadata;

namespace Mekong.Modules.AdminUnits.Features.UploadAdminUnits;

/// <summary>
/// Raises the request body and multipart limits for one endpoint only (the import screen), read by routing from the
/// endpoint's metadata; every other endpoint keeps Kestrel's 30 MB default.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class UploadLimitAttribute(long bytes) : Attribute, IRequestSizeLimitMetadata, IFormOptionsMetadata
{
    public long? MaxRequestBodySize { get; } = bytes;

    public bool? BufferBody => null;

    public int? MemoryBufferThreshold => null;

    public long? BufferBodyLengthLimit => null;

    public int? ValueCountLimit => null;

    public int? KeyLengthLimit => null;

    public int? ValueLengthLimit => null;

    public int? MultipartBoundaryLengthLimit => null;

    public int? MultipartHeadersCountLimit => null;

    public int? MultipartHeadersLengthLimit => null;

    public long? MultipartBodyLengthLimit { get; } = bytes;
}
