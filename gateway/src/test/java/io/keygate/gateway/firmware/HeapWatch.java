package io.keygate.gateway.firmware;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the growth of <em>live</em> heap while something runs: it forces a collection every
 * 200 ms and reads the heap used right after, so garbage does not count and anything retained
 * (an upload buffered in memory) does. The baseline is taken the same way before the start. Netty's
 * pooled buffers (mostly direct memory) are sampled alongside.
 */
final class HeapWatch {

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private final long baseline;

	private final AtomicLong peak = new AtomicLong();

	private final long directBaseline;

	private final AtomicLong directPeak = new AtomicLong();

	private final AtomicInteger samples = new AtomicInteger();

	private final Thread sampler;

	private volatile boolean running = true;

	private HeapWatch() {
		this.baseline = liveHeap();
		this.directBaseline = nettyDirect();
		this.sampler = new Thread(() -> {
			while (this.running) {
				this.peak.accumulateAndGet(liveHeap(), Math::max);
				this.directPeak.accumulateAndGet(nettyDirect(), Math::max);
				this.samples.incrementAndGet();
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "heap-watch");
		this.sampler.setDaemon(true);
	}

	static HeapWatch start() {
		HeapWatch watch = new HeapWatch();
		watch.sampler.start();
		return watch;
	}

	private long liveHeap() {
		System.gc();
		return this.memory.getHeapMemoryUsage().getUsed();
	}

	/** Stops sampling and returns the largest live-heap growth over the baseline, in bytes. */
	long stop() throws InterruptedException {
		this.running = false;
		this.sampler.join(5000);
		return Math.max(0, this.peak.get() - this.baseline);
	}

	/**
	 * Netty's pooled direct memory (where reactor-netty puts network buffers, outside the heap): a
	 * gateway that joined the body into pooled buffers would grow this instead of the heap.
	 */
	private static long nettyDirect() {
		return io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()
				+ io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedHeapMemory();
	}

	/** The largest growth of Netty's pooled memory over the baseline, in bytes (after {@link #stop()}). */
	long nettyGrowth() {
		return Math.max(0, this.directPeak.get() - this.directBaseline);
	}

	int samples() {
		return this.samples.get();
	}

}
