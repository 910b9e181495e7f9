using Mekong.Modules.Cameras.Domain;

namespace Mekong.Modules.Cameras.Features.Registry;

/// <summary>
/// A camera as an administrator writes it (<c>POST</c>/<c>PUT /api/v1/cameras</c>). <c>username</c> and
/// <c>password</c> are write-only: stored protected, never given back. On an update, leaving both out keeps the stored ones.
/// </summary>
internal sealed record CameraInput(
    string? Code,
    string? Name,
    string? Type,
    double? Latitude,
    double? Longitude,
    string? Vendor = null,
    string? Model = null,
    string? OwnerAgency = null,
    string? Contractor = null,
    string? NetworkSegment = null,
    string? PowerFeeder = null,
    string? RtspMainUrl = null,
    string? RtspSubUrl = null,
    string? SnapshotUrl = null,
    string? OnvifUrl = null,
    string? Username = null,
    string? Password = null,
    IReadOnlyList<string>? Tags = null,
    DateOnly? InstalledOn = null,
    string? Jurisdiction = null)
{
    public CameraDetails ToDetails() => new(
        Code ?? string.Empty, Name ?? string.Empty, Type ?? string.Empty, Latitude ?? double.NaN, Longitude ?? double.NaN,
        Blank(Vendor), Blank(Model), Blank(OwnerAgency), Blank(Contractor), Blank(NetworkSegment), Blank(PowerFeeder),
        Blank(RtspMainUrl), Blank(RtspSubUrl), Blank(SnapshotUrl), Blank(OnvifUrl), Tags, InstalledOn);

    /// <summary>Both given: new credentials; neither: none (or keep); one alone is an error the caller reports.</summary>
    public CameraCredentials? Credentials() =>
        string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password) ? null : new CameraCredentials(Username ?? string.Empty, Password ?? string.Empty);

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public override string ToString() => $"CameraInput {{ Code = {Code}, Name = {Name}, Username = {Username}, Password = [redacted] }}";
}
