using System.Buffers.Binary;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Mekong.IntegrationTests;

/// <summary>The file store (issue 13 "File store") in the real host, on both providers.</summary>
public abstract class FileStoreTests(FilesApp app)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_photo_loses_its_GPS_metadata_and_gets_resized_variants()
    {
        var jpeg = WithGpsExif(Jpeg(2000, 1000));
        Assert.True(Contains(jpeg, "Exif\0\0"u8), "The input carries EXIF.");
        Assert.True(Contains(jpeg, [0x25, 0x88]), "The input carries a GPS IFD pointer (tag 0x8825).");

        var (store, root) = Store();
        var saved = await store.SaveAsync(Owner(), new MemoryStream(jpeg), FileKind.Image, TestContext.Current.CancellationToken);

        Assert.True(saved.IsStored, saved.Rejection?.Detail);
        var file = saved.File!;
        Assert.Equal(("image/jpeg", 2000, 1000), (file.Original.ContentType, file.Original.Width!.Value, file.Original.Height!.Value));
        Assert.Equal((320, 160), (file.Variants["thumb"].Width!.Value, file.Variants["thumb"].Height!.Value));
        Assert.Equal((1280, 640), (file.Variants["medium"].Width!.Value, file.Variants["medium"].Height!.Value));
        foreach (var variant in file.Variants.Values.Append(file.Original))
        {
            var stored = await File.ReadAllBytesAsync(BlobPath(root, variant.Hash), TestContext.Current.CancellationToken);
            Assert.Equal(variant.Hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored)));
            Assert.False(Contains(stored, "Exif"u8), "EXIF left in the stored image.");
            Assert.False(Contains(stored, [0xFF, 0xE1]), "An APP1 (EXIF/XMP) segment left in the stored image.");
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(BlobPath(root, variant.Hash)) & (UnixFileMode)0b000_111_111);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(root, "tmp")));
    }

    [Fact]
    public async Task Content_is_checked_by_its_bytes_and_a_real_decode()
    {
        var (store, _) = Store();
        var fakeJpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.Concat(Enumerable.Repeat((byte)0x41, 5000)).ToArray();
        var exe = "MZ"u8.ToArray().Concat(new byte[4000]).ToArray();

        Assert.Equal(FileRejectionReason.NotDecodable, (await SaveAsync(store, fakeJpeg, FileKind.Image)).Rejection?.Reason);
        Assert.Equal(FileRejectionReason.TypeNotAllowed, (await SaveAsync(store, exe, FileKind.Image)).Rejection?.Reason);
        Assert.Equal(FileRejectionReason.TypeNotAllowed, (await SaveAsync(store, Pdf, FileKind.Image)).Rejection?.Reason);
        Assert.Equal(FileRejectionReason.TypeNotAllowed, (await SaveAsync(store, Png(10, 10), FileKind.Document)).Rejection?.Reason);
        Assert.Equal(FileRejectionReason.Empty, (await SaveAsync(store, [], FileKind.Document)).Rejection?.Reason);
        Assert.Equal(FileRejectionReason.TooLarge, (await SaveAsync(store, Pdf.Concat(new byte[FilesApp.MaxBytes]).ToArray(), FileKind.Document)).Rejection?.Reason);
        Assert.Equal("application/pdf", (await SaveAsync(store, Pdf, FileKind.Document)).File?.Original.ContentType);
    }

    [Fact]
    public async Task Absurd_dimensions_are_refused_from_the_header_before_decoding()
    {
        var (store, _) = Store();
        // A PNG whose header claims 60,000 × 60,000 pixels (14 GB decoded).
        var bomb = Png(8, 8);
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(16), 60_000);
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(20), 60_000);
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(29), Crc32(bomb.AsSpan(12, 17)));

        var result = await SaveAsync(store, bomb, FileKind.Image);

        Assert.Equal(FileRejectionReason.DimensionsTooLarge, result.Rejection?.Reason);
        Assert.Contains("60000", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_blob_goes_only_when_its_last_owner_releases_it()
    {
        var (store, root) = Store();
        var first = Owner();
        var second = Owner();
        var content = Pdf.Concat(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString())).ToArray();
        var a = (await SaveAsync(store, content, FileKind.Document, first)).File!.Original;
        var b = (await SaveAsync(store, content, FileKind.Document, second)).File!.Original;
        Assert.Equal(a.Hash, b.Hash);

        await store.ReleaseAsync(first, TestContext.Current.CancellationToken);
        Assert.Null(await store.OpenAsync(first, a.Hash, TestContext.Current.CancellationToken));
        var opened = await store.OpenAsync(second, a.Hash, TestContext.Current.CancellationToken);
        Assert.NotNull(opened);
        await opened.Content.DisposeAsync();

        Assert.True(File.Exists(BlobPath(root, a.Hash)));

        await store.ReleaseAsync(second, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(BlobPath(root, a.Hash)));
        Assert.Null(await store.OpenAsync(second, a.Hash, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_served_file_has_its_hash_as_ETag_is_immutable_answers_304_and_ranges_and_only_to_its_owner()
    {
        var (store, _) = Store();
        var owner = Owner();
        var content = Pdf.Concat(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString())).ToArray();
        var hash = (await SaveAsync(store, content, FileKind.Document, owner)).File!.Original.Hash;

        var full = await ServeAsync(store, owner, hash, request => { });
        Assert.Equal(StatusCodes.Status200OK, full.Response.StatusCode);
        Assert.Equal("application/pdf", full.Response.ContentType);
        Assert.Equal($"\"{hash}\"", full.Response.Headers.ETag.ToString());
        Assert.Equal(FileResults.CacheControl, full.Response.Headers.CacheControl.ToString());
        Assert.Equal(content, ((MemoryStream)full.Response.Body).ToArray());

        var notModified = await ServeAsync(store, owner, hash, request => request.Headers.IfNoneMatch = $"\"{hash}\"");
        Assert.Equal(StatusCodes.Status304NotModified, notModified.Response.StatusCode);
        Assert.Equal(0, notModified.Response.Body.Length);

        var range = await ServeAsync(store, owner, hash, request => request.Headers.Range = "bytes=0-4");
        Assert.Equal(StatusCodes.Status206PartialContent, range.Response.StatusCode);
        Assert.Equal("%PDF-"u8.ToArray(), ((MemoryStream)range.Response.Body).ToArray());

        var stranger = await ServeAsync(store, Owner(), hash, request => { });
        Assert.Equal(StatusCodes.Status404NotFound, stranger.Response.StatusCode);
        var traversal = await ServeAsync(store, owner, "../../mekong.db", request => { });
        Assert.Equal(StatusCodes.Status404NotFound, traversal.Response.StatusCode);
    }

    private async Task<HttpContext> ServeAsync(IFileStore store, FileOwner owner, string hash, Action<HttpRequest> configure)
    {
        var scope = app.Factory.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Response.Body = new MemoryStream();
        configure(context.Request);
        var result = await FileResults.ServeAsync(store, owner, hash, TestContext.Current.CancellationToken);
        await result.ExecuteAsync(context);
        return context;
    }

    private (IFileStore Store, string Root) Store()
    {
        var scope = app.Factory.Services.CreateScope();
        return (scope.ServiceProvider.GetRequiredService<IFileStore>(), Path.Combine(app.Factory.Storage.DataDirectory, "files"));
    }

    private static Task<FileSaveResult> SaveAsync(IFileStore store, byte[] content, FileKind kind, FileOwner? owner = null) =>
        store.SaveAsync(owner ?? Owner(), new MemoryStream(content), kind, TestContext.Current.CancellationToken);

    private static FileOwner Owner() => new("tests", Guid.NewGuid().ToString("N"));

    private static string BlobPath(string root, string hash) => Path.Combine(root, "sha256", hash[..2], hash[2..4], hash);

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    private static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>Inserts an APP1 EXIF segment with a GPS IFD (latitude 9° 36′ N, longitude 105° 58′ E) right after SOI, as a phone writes it.</summary>
    private static byte[] WithGpsExif(byte[] jpeg)
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange([(byte)v, (byte)(v >> 8)]);
        void U32(long v) => tiff.AddRange([(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)]);
        tiff.AddRange("II"u8.ToArray());
        U16(42);
        U32(8);
        // IFD0 at 8: one entry, GPSInfo (0x8825, LONG) -> GPS IFD at 26.
        U16(1);
        U16(0x8825); U16(4); U32(1); U32(26);
        U32(0);
        // GPS IFD at 26: four entries (2 + 4 × 12 + 4 = 54 bytes), rationals after it at 80.
        U16(4);
        U16(1); U16(2); U32(2); tiff.AddRange("N\0\0\0"u8.ToArray());
        U16(2); U16(5); U32(3); U32(80);
        U16(3); U16(2); U32(2); tiff.AddRange("E\0\0\0"u8.ToArray());
        U16(4); U16(5); U32(3); U32(104);
        U32(0);
        foreach (var (n, d) in new[] { (9, 1), (36, 1), (0, 1), (105, 1), (58, 1), (0, 1) })
        {
            U32(n);
            U32(d);
        }

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[] { 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2) }.Concat(payload);
        return jpeg.Take(2).Concat(segment).Concat(jpeg.Skip(2)).ToArray();
    }
}

/// <summary>A server with a small upload limit, per provider.</summary>
public abstract class FilesApp(DatabaseKind kind) : IAsyncLifetime
{
    public const int MaxBytes = 100_000;

    private MekongAppFactory? _factory;

    public MekongAppFactory Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        if (kind == DatabaseKind.PostgreSql && await PostgresServer.UnavailableReasonAsync() is { } reason)
        {
            if (PostgresServer.IsCi)
            {
                throw new InvalidOperationException($"{reason} CI=true: PostgreSQL tests must run in CI.");
            }

            return;
        }

        _factory = new MekongAppFactory(await TestStorage.CreateDemoAsync(kind), new Dictionary<string, string?> { ["Mekong:Files:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ownsStorage: true);
        _ = _factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteFilesApp() : FilesApp(DatabaseKind.Sqlite);

public sealed class PostgreSqlFilesApp() : FilesApp(DatabaseKind.PostgreSql);

public sealed class FileStoreTests_Sqlite(SqliteFilesApp app) : FileStoreTests(app), IClassFixture<SqliteFilesApp>;

public sealed class FileStoreTests_PostgreSql(PostgreSqlFilesApp app) : FileStoreTests(app), IClassFixture<PostgreSqlFilesApp>;
