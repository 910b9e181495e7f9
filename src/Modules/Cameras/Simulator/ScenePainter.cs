using SkiaSharp;

namespace Mekong.Modules.Cameras.Simulator;

/// <summary>
/// The simulated cameras' pictures: each camera its own street scene (buildings, road, sky) with a vehicle that moves
/// and a seconds bar that ticks, so two snapshots of a working camera always differ a little (as a real camera's
/// clock overlay and sensor noise do), and black, covered or frozen pictures are what the prober must tell apart.
/// </summary>
internal static class ScenePainter
{
    public const int Width = 320;
    public const int Height = 240;

    /// <param name="camera">Whose view.</param>
    /// <param name="mode">Ok, black, covered (the other modes paint as Ok).</param>
    /// <param name="at">The time the vehicle and the clock bar show.</param>
    /// <param name="baseline">
    /// For RTP/JPEG: our baseline encoder with the standard Huffman tables, which RFC 2435 receivers assume
    /// (<see cref="BaselineJpeg"/>). Snapshots keep SkiaSharp's encoder (native, about twice as fast; any decoder reads
    /// its optimised tables from the file).
    /// </param>
    public static byte[] Paint(SimulatedCamera camera, SimulatedMode mode, DateTimeOffset at, bool baseline = false)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            if (mode == SimulatedMode.Black)
            {
                canvas.Clear(SKColors.Black);
            }
            else
            {
                Street(canvas, camera, at);
                if (mode == SimulatedMode.Covered)
                {
                    // A bag, a branch or spray paint over most of the lens.
                    using var cover = new SKPaint { IsAntialias = true, Color = new SKColor(52, 70, 38) };
                    canvas.DrawOval(new SKRect(-40, -30, Width + 30, Height + 20), cover);
                    cover.Color = new SKColor(70, 92, 50);
                    canvas.DrawOval(new SKRect(40, 30, 200, 160), cover);
                }
            }
        }

        if (baseline)
        {
            return BaselineJpeg.Encode(bitmap.GetPixelSpan(), Width, Height, quality: 70);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 70);
        return data.ToArray();
    }

    private static void Street(SKCanvas canvas, SimulatedCamera camera, DateTimeOffset at)
    {
        var random = new Random(camera.Number * 7919);
        using var sky = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, 110),
                [new SKColor((byte)(120 + random.Next(60)), (byte)(160 + random.Next(60)), 225), new SKColor(225, 232, 240)], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, Width, 120, sky);
        using var fill = new SKPaint { IsAntialias = true };
        for (var x = -10; x < Width; x += 25 + random.Next(30))
        {
            fill.Color = new SKColor((byte)(140 + random.Next(100)), (byte)(120 + random.Next(100)), (byte)(90 + random.Next(110)));
            var top = 30 + random.Next(70);
            canvas.DrawRect(x, top, 20 + random.Next(30), 130 - top, fill);
        }

        fill.Color = new SKColor(88, 90, 95);
        canvas.DrawRect(0, 130, Width, Height - 130, fill);
        fill.Color = new SKColor(230, 230, 220);
        for (var x = 0; x < Width; x += 40)
        {
            canvas.DrawRect(x, 182, 22, 4, fill);
        }

        // A vehicle crossing the view: where it is depends on the time.
        var seconds = at.ToUnixTimeMilliseconds() / 1000.0;
        var position = (float)((seconds * 37) % (Width - 60));
        fill.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        canvas.DrawRoundRect(position, 150, 60, 26, 6, 6, fill);
        fill.Color = SKColors.Black;
        canvas.DrawCircle(position + 12, 177, 6, fill);
        canvas.DrawCircle(position + 48, 177, 6, fill);

        // The clock overlay of a real camera, as a bar of 12 cells: the seconds since the epoch in binary. Each cell is
        // as wide as a pixel of the prober's 16 × 12 thumbnail, so any two pictures taken in different seconds (within
        // 68 minutes) differ there, whatever the vehicle's position: a live camera is never taken for frozen (ADR 0040;
        // the vehicle alone comes back to the same place every 7 s, and a benchmark checking every 7 s saw "frozen").
        var ticks = (long)seconds;
        for (var bit = 0; bit < 12; bit++)
        {
            fill.Color = ((ticks >> bit) & 1) == 1 ? SKColors.White : new SKColor(20, 20, 20);
            canvas.DrawRect(Width - 20 - (bit * 20), 0, 20, 16, fill);
        }
    }
}
