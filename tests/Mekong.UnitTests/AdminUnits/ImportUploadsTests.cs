using System.Text;
using Mekong.Modules.AdminUnits.Features.UploadAdminUnits;
using Mekong.Platform.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.UnitTests.AdminUnits;

/// <summary>Unfinished uploads are capped per installation, in number and bytes; expired ones make room, oldest first.</summary>
public sealed class ImportUploadsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("mekong-uploads-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_upload_after_the_last_allowed_is_refused_as_full_until_the_oldest_expires()
    {
        using var uploads = Uploads(new ImportUploadOptions { MaxCount = 2, KeptForHours = 1 });
        var oldest = await SaveAsync(uploads, 1_000);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var newer = await SaveAsync(uploads, 1_000);

        var (refused, problem) = await uploads.SaveAsync(Geojson(1_000), TestContext.Current.CancellationToken);
        Assert.Null(refused);
        Assert.Equal(UploadProblem.Full, problem);

        _clock.Advance(TimeSpan.FromMinutes(31)); // the oldest is 61 minutes old, the newer 31
        var third = await SaveAsync(uploads, 1_000);

        Assert.False(Directory.Exists(Path.Combine(uploads.Root, oldest)), "the expired upload made room");
        Assert.True(Directory.Exists(Path.Combine(uploads.Root, newer)), "an upload still within its hours is kept");
        Assert.True(Directory.Exists(Path.Combine(uploads.Root, third)));
    }

    [Fact]
    public async Task An_upload_that_would_pass_the_total_size_is_refused_as_full_and_leaves_nothing_behind()
    {
        using var uploads = Uploads(new ImportUploadOptions { MaxTotalMegabytes = 1 });
        await SaveAsync(uploads, 600_000);

        var (refused, problem) = await uploads.SaveAsync(Geojson(600_000), TestContext.Current.CancellationToken);

        Assert.Null(refused);
        Assert.Equal(UploadProblem.Full, problem);
        Assert.Single(Directory.EnumerateDirectories(uploads.Root));
        Assert.NotNull(await SaveAsync(uploads, 300_000));
    }

    [Theory]
    [InlineData(nameof(ImportUploadOptions.MaxCount), 0)]
    [InlineData(nameof(ImportUploadOptions.MaxTotalMegabytes), 0)]
    [InlineData(nameof(ImportUploadOptions.KeptForHours), 0)]
    [InlineData(nameof(ImportUploadOptions.KeptForHours), 24 * 8)]
    public void A_setting_out_of_range_is_refused_naming_it(string setting, int value)
    {
        var services = new ServiceCollection();
        services.AddOptions<ImportUploadOptions>().Configure(o => typeof(ImportUploadOptions).GetProperty(setting)!.SetValue(o, value)).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ImportUploadOptions>>().Value);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private ImportUploads Uploads(ImportUploadOptions limits) =>
        new(Options.Create(new MekongOptions { DataDirectory = _data }), Options.Create(limits), _clock);

    private static async Task<string> SaveAsync(ImportUploads uploads, int bytes)
    {
        var (id, problem) = await uploads.SaveAsync(Geojson(bytes), TestContext.Current.CancellationToken);
        Assert.Equal(UploadProblem.None, problem);
        return id!;
    }

    private static MemoryStream Geojson(int bytes) =>
        new(Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"x\":\"" + new string('x', bytes) + "\"}"));

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
