using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Testing;

namespace LfrAudit.Core.Tests;

/// <summary>Frames decoded ahead on a thread of their own: order kept, none left undisposed, a reading failure passed on.</summary>
public class ReadAheadTests
{
    // A source that yields n frames, then fails (if told) instead of ending.
    private sealed class FailingSource(IReadOnlyList<FakeFrame> frames, bool failAtEnd) : IFrameSource
    {
        public string Description => "failing";
        public bool IsLive => false;
        public double? NominalFps => 10;
        public long? LengthInFrames => null;
        public IReadOnlyList<string> Warnings { get; } = [];

        public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
        {
            foreach (var f in frames)
            {
                if (cancellation.IsCancellationRequested) yield break;
                yield return f;
            }
            if (failAtEnd) throw new InvalidDataException("the file ends in the middle of a frame");
        }

        public void Dispose() { }
    }

    [Fact]
    public void Every_frame_comes_in_order_or_is_disposed_and_a_failure_to_read_reaches_the_caller_after_the_frames_before_it()
    {
        var cases = from n in Gen.Choose(0, 60) from depth in Gen.Choose(1, 4) from takeAtMost in Gen.Choose(0, 70)
                    from failAtEnd in Gen.Elements(false, true) from slowCaller in Gen.Elements(false, true)
                    select (n, depth, takeAtMost, failAtEnd, slowCaller);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var frames = Enumerable.Range(0, c.n).Select(i => new FakeFrame(i, TimeSpan.FromSeconds(i / 10.0))).ToList();
            var taken = new List<long>();
            Exception? thrown = null;
            try
            {
                foreach (var frame in ReadAhead.Frames(new FailingSource(frames, c.failAtEnd), c.depth))
                    using (frame)
                    {
                        if (taken.Count == c.takeAtMost) break;
                        if (c.slowCaller && frame.Index % 7 == 0) Thread.Sleep(1);
                        taken.Add(frame.Index);
                    }
            }
            catch (InvalidDataException ex) { thrown = ex; }

            int expected = Math.Min(c.n, c.takeAtMost);
            bool failureSeen = c.failAtEnd && c.takeAtMost >= c.n;
            return taken.SequenceEqual(Enumerable.Range(0, expected).Select(i => (long)i))
                   && (thrown is not null) == failureSeen
                   // Frames read ahead but never taken are disposed too; frames never read are untouched.
                   && frames.Take(expected).All(f => f.Disposed)
                   && frames.Count(f => f.Disposed) <= Math.Min(c.n, expected + c.depth + 2);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Cancelled_the_frames_stop_without_an_exception_and_none_is_left_undisposed()
    {
        var frames = Enumerable.Range(0, 100).Select(i => new FakeFrame(i, TimeSpan.Zero)).ToList();
        using var cancel = new CancellationTokenSource();
        int taken = 0;
        foreach (var frame in ReadAhead.Frames(new FailingSource(frames, failAtEnd: true), 3, cancel.Token))
            using (frame)
            {
                if (++taken == 10) cancel.Cancel();
            }
        Assert.Equal(10, taken);
        Assert.All(frames.Where(f => f.Index < 10), f => Assert.True(f.Disposed));
        Assert.True(frames.Count(f => f.Disposed) <= 10 + 3 + 2);
    }
}
