using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Core.Tests;

/// <summary>The hand-over between pipeline stages: order kept, back-pressure or oldest dropped, completion and cancellation.</summary>
public class StageQueueTests
{
    [Fact]
    public void A_waiting_queue_hands_over_every_item_in_order_whatever_the_two_sides_pace()
    {
        var cases = from n in Gen.Choose(0, 200) from capacity in Gen.Choose(1, 4) from slowTaker in Gen.Elements(false, true) select (n, capacity, slowTaker);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var queue = new StageQueue<int>(c.capacity, dropOldest: false, null);
            var producer = Task.Run(() =>
            {
                for (int i = 0; i < c.n; i++)
                {
                    if (!c.slowTaker && i % 17 == 0) Thread.Sleep(1);
                    queue.Add(i, CancellationToken.None);
                }
                queue.Complete();
            });
            var taken = new List<int>();
            while (queue.Take(out var item, CancellationToken.None))
            {
                if (c.slowTaker && item % 17 == 0) Thread.Sleep(1);
                taken.Add(item);
            }
            producer.Wait();
            Assert.Equal(Enumerable.Range(0, c.n), taken);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public void A_live_queue_drops_its_oldest_items_and_says_which()
    {
        var dropped = new List<int>();
        var queue = new StageQueue<int>(3, dropOldest: true, dropped.Add);
        for (int i = 0; i < 10; i++) queue.Add(i, CancellationToken.None);
        queue.Complete();
        var kept = new List<int>();
        while (queue.TryTake(out var item)) kept.Add(item);
        Assert.Equal([7, 8, 9], kept);
        Assert.Equal(Enumerable.Range(0, 7), dropped);
        Assert.False(queue.Take(out _, CancellationToken.None));
    }

    [Fact]
    public void A_cancelled_token_ends_a_wait_on_either_side()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var empty = new StageQueue<int>(1, dropOldest: false, null);
        Assert.ThrowsAny<OperationCanceledException>(() => empty.Take(out _, cts.Token));
        var full = new StageQueue<int>(1, dropOldest: false, null);
        full.Add(1, CancellationToken.None);
        using var cts2 = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.ThrowsAny<OperationCanceledException>(() => full.Add(2, cts2.Token));
        Assert.True(full.TryTake(out var only) && only == 1);
    }
}
