using SkiaSharp;

namespace Mekong.Modules.Reports.Demo;

/// <summary>
/// Small believable photos for demo reports, drawn at seed time (no image files in the repository): a street scene of
/// sky, buildings and road, and the category's subject on it (a dark street light, flood water, rubbish bags, a fallen
/// tree, a cracked pavement…). Deterministic per category and variant; 320×240 JPEG.
/// </summary>
internal static class ReportsDemoPhotos
{
    public const int Width = 320;
    public const int Height = 240;

    public static byte[] Draw(string categoryCode, int variant)
    {
        var random = new Random(HashCode(categoryCode) + (variant * 7919));
        using var bitmap = new SKBitmap(Width, Height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, 130), [new SKColor(150, 190, 230), new SKColor(225, 235, 245)], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, Width, 140, sky);
            using var fill = new SKPaint { IsAntialias = true };
            // Shophouses (nhà ống) along the street.
            for (var x = -10; x < Width; x += 40 + random.Next(20))
            {
                var height = 50 + random.Next(60);
                fill.Color = new SKColor((byte)(170 + random.Next(70)), (byte)(150 + random.Next(80)), (byte)(110 + random.Next(90)));
                canvas.DrawRect(x, 140 - height, 44, height, fill);
                fill.Color = new SKColor(70, 80, 90);
                canvas.DrawRect(x + 8, 140 - height + 10, 10, 12, fill);
                canvas.DrawRect(x + 26, 140 - height + 10, 10, 12, fill);
            }

            fill.Color = new SKColor(90, 92, 96);
            canvas.DrawRect(0, 140, Width, 100, fill);
            fill.Color = new SKColor(185, 180, 170);
            canvas.DrawRect(0, 140, Width, 18, fill);
            Subject(canvas, categoryCode, random);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    private static void Subject(SKCanvas canvas, string code, Random random)
    {
        using var paint = new SKPaint { IsAntialias = true };
        var x = 60 + random.Next(180);
        switch (code)
        {
            case "street-light":
                paint.Color = new SKColor(60, 60, 65);
                canvas.DrawRect(x, 40, 6, 120, paint);
                canvas.DrawRect(x, 40, 36, 5, paint);
                paint.Color = new SKColor(40, 40, 40);
                canvas.DrawOval(x + 36, 48, 9, 5, paint);
                break;
            case "flooding":
                paint.Color = new SKColor(120, 110, 70, 220);
                canvas.DrawRect(0, 150 + random.Next(20), Width, 100, paint);
                break;
            case "rubbish":
                for (var i = 0; i < 6; i++)
                {
                    paint.Color = i % 2 == 0 ? new SKColor(30, 30, 30) : new SKColor(40, 110, 60);
                    canvas.DrawCircle(x + random.Next(60), 160 + random.Next(25), 10 + random.Next(8), paint);
                }

                break;
            case "fallen-tree":
                paint.Color = new SKColor(100, 70, 40);
                canvas.RotateDegrees(-12, x, 170);
                canvas.DrawRect(x - 80, 165, 170, 12, paint);
                canvas.ResetMatrix();
                paint.Color = new SKColor(50, 120, 50);
                canvas.DrawCircle(x + 95, 160, 30, paint);
                break;
            default:
                // A marked spot for the other categories: a cone and a cracked patch.
                paint.Color = new SKColor(230, 110, 30);
                using (var cone = new SKPath())
                {
                    cone.MoveTo(x, 200);
                    cone.LineTo(x + 12, 165);
                    cone.LineTo(x + 24, 200);
                    cone.Close();
                    canvas.DrawPath(cone, paint);
                }

                paint.Color = new SKColor(50, 50, 50);
                paint.StrokeWidth = 2;
                paint.Style = SKPaintStyle.Stroke;
                canvas.DrawLine(x + 40, 190, x + 90, 205, paint);
                canvas.DrawLine(x + 60, 196, x + 70, 220, paint);
                break;
        }
    }

    private static int HashCode(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0x7FFFFFFF;
    }
}
