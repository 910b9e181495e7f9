using SkiaSharp;

namespace Mekong.Platform.Files;

/// <summary>
/// Decodes an uploaded image for real (a file that only starts like a JPEG is refused), refuses absurd dimensions from
/// the header before any pixel is decoded, and re-encodes it: the output carries no EXIF, GPS or other metadata
/// (Skia writes none), with the camera's orientation applied to the pixels. Variants are scaled by the longest side.
/// </summary>
internal static class ImageProcessor
{
    public static readonly IReadOnlyList<(string Name, int LongestSide)> VariantSizes = [("thumb", 320), ("medium", 1280)];

    private const int Quality = 85;

    public sealed record Encoded(string Name, byte[] Bytes, string ContentType, int Width, int Height);

    public static (IReadOnlyList<Encoded>? Images, FileRejection? Rejection) Process(string path, string contentType, FileStoreOptions options)
    {
        using var codec = SKCodec.Create(path, out var result);
        if (codec is null || result != SKCodecResult.Success)
        {
            return (null, new FileRejection(FileRejectionReason.NotDecodable, $"The file looks like {contentType} but cannot be decoded ({result})."));
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || info.Width > options.MaxImageSide || info.Height > options.MaxImageSide
            || (long)info.Width * info.Height > options.MaxImagePixels)
        {
            return (null, new FileRejection(FileRejectionReason.DimensionsTooLarge,
                $"The image is {info.Width} × {info.Height} pixels; at most {options.MaxImageSide} pixels a side and {options.MaxImagePixels:N0} pixels in all are accepted."));
        }

        using var decoded = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        var decode = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (decode is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return (null, new FileRejection(FileRejectionReason.NotDecodable, $"The image cannot be decoded ({decode})."));
        }

        using var upright = Orient(decoded, codec.EncodedOrigin);
        var format = contentType switch
        {
            FileSniffer.Png => SKEncodedImageFormat.Png,
            FileSniffer.WebP => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Jpeg,
        };
        var outputType = format switch
        {
            SKEncodedImageFormat.Png => FileSniffer.Png,
            SKEncodedImageFormat.Webp => FileSniffer.WebP,
            _ => FileSniffer.Jpeg,
        };

        var images = new List<Encoded> { Encode("original", upright, format, outputType) };
        foreach (var (name, side) in VariantSizes)
        {
            var scale = Math.Min(1.0, side / (double)Math.Max(upright.Width, upright.Height));
            var width = Math.Max(1, (int)Math.Round(upright.Width * scale));
            var height = Math.Max(1, (int)Math.Round(upright.Height * scale));
            if (scale >= 1.0)
            {
                images.Add(images[0] with { Name = name });
                continue;
            }

            using var resized = upright.Resize(new SKImageInfo(width, height, upright.ColorType, upright.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell));
            images.Add(Encode(name, resized, format, outputType));
        }

        return (images, null);
    }

    private static Encoded Encode(string name, SKBitmap bitmap, SKEncodedImageFormat format, string contentType)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, Quality);
        return new Encoded(name, data.ToArray(), contentType, bitmap.Width, bitmap.Height);
    }

    /// <summary>Applies the EXIF orientation to the pixels, since the metadata that said it is dropped.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return source.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(new SKImageInfo(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(result);
        // Where pixel (x, y) goes: X = scaleX·x + skewX·y + transX, Y = skewY·x + scaleY·y + transY.
        float w = source.Width, h = source.Height;
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            _ => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), // LeftBottom
        };
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }
}
