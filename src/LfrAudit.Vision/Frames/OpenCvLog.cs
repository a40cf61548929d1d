namespace LfrAudit.Vision.Frames;

/// <summary>OpenCV writes decoder warnings straight to stderr; we report problems ourselves, one clear line each.</summary>
internal static class OpenCvLog
{
    private static int _done;

    public static void Quiet()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
            OpenCvSharp.Cv2.SetLogLevel(OpenCvSharp.LogLevel.ERROR);
    }
}
