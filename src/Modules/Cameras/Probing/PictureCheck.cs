using Mekong.Modules.Cameras.Domain;
using SkiaSharp;

namespace Mekong.Modules.Cameras.Probing;

/// <summary>What a snapshot says, beside the camera's memory of its previous ones.</summary>
internal sealed record PictureVerdict(CameraFault Fault, byte[]? Thumbnail, bool Unchanged, bool IsReference);

/// <summary>
/// Looks at a snapshot without keeping it (ADR 0028): decoded at 1/8 scale and shrunk to a 16 × 12 grey thumbnail
/// (192 bytes kept per camera). Black or uniform: little spread of grey. Frozen: the same thumbnail
/// <see cref="FrozenAfter"/> checks in a row (a live camera's clock overlay and noise always change a little).
/// Moved or covered: far from the usual view (the first good picture), after each is centred on its own mean, so the
/// light of the day alone does not count.
/// </summary>
internal static class PictureCheck
{
    public const int ThumbWidth = 16;
    public const int ThumbHeight = 12;

    /// <summary>How many unchanged pictures in a row make a frozen camera (the third identical one).</summary>
    public const int FrozenAfter = 2;

    /// <summary>Below this standard deviation of grey (0–255) the picture is black or one colour.</summary>
    public const double UniformSpread = 6;

    /// <summary>Mean absolute difference (0–255, centred) from the usual view above which the view moved or is covered.</summary>
    public const double MovedDifference = 28;

    /// <summary>Two thumbnails this close (mean absolute difference) are the same picture.</summary>
    public const double SameDifference = 0.5;

    public static byte[]? Thumbnail(byte[] jpeg)
    {
        using var data = SKData.CreateCopy(jpeg);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
        {
            return null;
        }

        // JPEG decodes at 1/8 scale almost for free (the DCT's DC terms); the thumbnail is a box average of that.
        var scaled = codec.GetScaledDimensions(0.125f);
        using var small = new SKBitmap(new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var decoded = codec.GetPixels(small.Info, small.GetPixels());
        if (decoded is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        if (small.Width < ThumbWidth || small.Height < ThumbHeight)
        {
            return null;
        }

        var pixels = small.GetPixelSpan();
        var stride = small.RowBytes;
        var thumb = new byte[ThumbWidth * ThumbHeight];
        for (var ty = 0; ty < ThumbHeight; ty++)
        {
            int y0 = ty * small.Height / ThumbHeight, y1 = (ty + 1) * small.Height / ThumbHeight;
            for (var tx = 0; tx < ThumbWidth; tx++)
            {
                int x0 = tx * small.Width / ThumbWidth, x1 = (tx + 1) * small.Width / ThumbWidth;
                int sum = 0, count = 0;
                for (var y = y0; y < y1; y++)
                {
                    for (var x = x0; x < x1; x++)
                    {
                        var p = (y * stride) + (x * 4);
                        sum += ((pixels[p] * 299) + (pixels[p + 1] * 587) + (pixels[p + 2] * 114)) / 1000;
                        count++;
                    }
                }

                thumb[(ty * ThumbWidth) + tx] = (byte)(sum / Math.Max(1, count));
            }
        }

        return thumb;
    }

    public static PictureVerdict Judge(byte[] jpeg, byte[]? previous, byte[]? reference, int unchangedInRow)
    {
        if (Thumbnail(jpeg) is not { } thumb)
        {
            return new PictureVerdict(CameraFault.BadSnapshot, null, false, false);
        }

        if (Spread(thumb) < UniformSpread)
        {
            return new PictureVerdict(CameraFault.Black, thumb, false, false);
        }

        var unchanged = previous is not null && previous.Length == thumb.Length && Difference(thumb, previous, centred: false) < SameDifference;
        if (unchanged && unchangedInRow + 1 >= FrozenAfter)
        {
            return new PictureVerdict(CameraFault.Frozen, thumb, true, false);
        }

        if (reference is not null && reference.Length == thumb.Length && Difference(thumb, reference, centred: true) > MovedDifference)
        {
            return new PictureVerdict(CameraFault.Covered, thumb, unchanged, false);
        }

        return new PictureVerdict(CameraFault.None, thumb, unchanged, reference is null);
    }

    public static double Spread(byte[] grey)
    {
        var mean = grey.Average(b => (double)b);
        return Math.Sqrt(grey.Average(b => (b - mean) * (b - mean)));
    }

    public static double Difference(byte[] a, byte[] b, bool centred)
    {
        var shift = centred ? a.Average(x => (double)x) - b.Average(x => (double)x) : 0;
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i] - shift);
        }

        return sum / a.Length;
    }
}
