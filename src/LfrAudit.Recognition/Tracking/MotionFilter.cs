using LfrAudit.Recognition.Detection;

namespace LfrAudit.Recognition.Tracking;

/// <summary>
/// A constant-velocity Kalman filter over a face box (centre x, y, width, height), as in SORT. The four
/// coordinates move independently, so the 8-state filter is four 2-state filters (position, velocity) whose
/// 2×2 matrices are written out; noise scales with the box height, as in DeepSORT and ByteTrack, so a near
/// (large) face may move more pixels than a distant one. Time steps are seconds of source time.
/// </summary>
internal sealed class MotionFilter
{
    // Standard deviations per unit of box height: of a measurement, of position change and of velocity change per second.
    private const float MeasurementNoise = 0.05f, PositionNoise = 0.05f, VelocityNoise = 0.3f;

    private readonly Axis[] _axes = new Axis[4];

    public MotionFilter(BoxF box) => Reset(box);

    /// <summary>Starts again at <paramref name="box"/>, at rest (a track object reused for a new face).</summary>
    public void Reset(BoxF box)
    {
        float h = Math.Max(1, box.Height);
        Span<float> z = [box.X + box.Width / 2, box.Y + box.Height / 2, box.Width, box.Height];
        for (int i = 0; i < 4; i++) _axes[i] = new Axis(z[i], Sq(2 * MeasurementNoise * h), Sq(10 * VelocityNoise * h));
    }

    public BoxF Box
    {
        get
        {
            float w = Math.Max(1, _axes[2].Position), h = Math.Max(1, _axes[3].Position);
            return new BoxF(_axes[0].Position - w / 2, _axes[1].Position - h / 2, w, h);
        }
    }

    /// <summary>Moves the state forward by <paramref name="seconds"/> of source time.</summary>
    public void Predict(double seconds)
    {
        float dt = (float)Math.Clamp(seconds, 0, 10);
        float h = Math.Max(1, _axes[3].Position);
        for (int i = 0; i < 4; i++) _axes[i].Predict(dt, Sq(PositionNoise * h) * dt, Sq(VelocityNoise * h) * dt);
    }

    public void Correct(BoxF measured)
    {
        float r = Sq(MeasurementNoise * Math.Max(1, measured.Height));
        _axes[0].Correct(measured.X + measured.Width / 2, r);
        _axes[1].Correct(measured.Y + measured.Height / 2, r);
        _axes[2].Correct(measured.Width, r);
        _axes[3].Correct(measured.Height, r);
    }

    private static float Sq(float v) => v * v;

    /// <summary>One coordinate: state (p, v), covariance [[a, b], [b, c]].</summary>
    private struct Axis(float position, float positionVariance, float velocityVariance)
    {
        public float Position = position;
        private float _velocity, _a = positionVariance, _b, _c = velocityVariance;

        public void Predict(float dt, float q, float qv)
        {
            Position += _velocity * dt;
            // P = F P Fᵀ + Q with F = [[1, dt], [0, 1]].
            float a = _a + 2 * dt * _b + dt * dt * _c + q;
            float b = _b + dt * _c;
            _a = a; _b = b; _c += qv;
        }

        public void Correct(float z, float r)
        {
            float s = _a + r;
            if (!(s > 0) || !float.IsFinite(z)) return;
            float k0 = _a / s, k1 = _b / s, y = z - Position;
            Position += k0 * y;
            _velocity += k1 * y;
            // P = (I - K H) P with H = [1, 0].
            float a = (1 - k0) * _a, b = (1 - k0) * _b, c = _c - k1 * _b;
            _a = a; _b = b; _c = c;
        }
    }
}
