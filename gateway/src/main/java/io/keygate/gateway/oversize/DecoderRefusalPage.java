package io.keygate.gateway.oversize;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Dresses Reactor Netty's own answer to a request its decoder refused for size (a request line or
 * header section beyond {@code server.netty.max-initial-line-length} /
 * {@code server.max-http-request-header-size}): Netty answers those itself, with an empty 414 or
 * 431, before any application code runs. This handler sits between the HTTP codec and Reactor
 * Netty's traffic handler; it notes a decoder failure of that kind on the way in and swaps the
 * empty answer for the gateway's page on the way out, on the same connection, which Netty then
 * closes. Only an answer to a failure it saw is touched, so an upstream's own 414 passes as sent.
 * One instance per connection (it holds that connection's state).
 */
final class DecoderRefusalPage extends ChannelDuplexHandler {

	static final String NAME = "keygate.decoderRefusalPage";

	private static final Logger log = LoggerFactory.getLogger(DecoderRefusalPage.class);

	private final String myAccess;

	private Oversize pending;

	DecoderRefusalPage(String myAccess) {
		this.myAccess = myAccess;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (msg instanceof HttpRequest request) {
			Oversize oversize = oversize(request.decoderResult());
			if (oversize != null) {
				this.pending = oversize;
				log.info("Refused a request from {}: its {} is over the server's decoding limit ({})", client(ctx.channel().remoteAddress()),
						oversize == Oversize.REQUEST_LINE ? "request line" : "header section", oversize.status());
			}
		}
		super.channelRead(ctx, msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		Oversize oversize = this.pending;
		if (oversize != null && msg instanceof FullHttpResponse response && response.status().code() == oversize.status()
				&& response.content().readableBytes() == 0) {
			this.pending = null;
			byte[] page = oversize.html(this.myAccess);
			FullHttpResponse styled = new DefaultFullHttpResponse(response.protocolVersion(), HttpResponseStatus.valueOf(oversize.status()),
					Unpooled.wrappedBuffer(page));
			styled.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, "text/html;charset=UTF-8")
				.setInt(HttpHeaderNames.CONTENT_LENGTH, page.length)
				.set(HttpHeaderNames.CACHE_CONTROL, "no-store")
				.set("X-Content-Type-Options", "nosniff")
				.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			response.release();
			super.write(ctx, styled, promise);
			return;
		}
		super.write(ctx, msg, promise);
	}

	private static Oversize oversize(DecoderResult result) {
		if (result == null || !result.isFailure()) {
			return null;
		}
		// As Reactor Netty reads it (HttpServerOperations.sendDecodingFailures): the cause, or what it wraps.
		Throwable cause = result.cause().getCause() != null ? result.cause().getCause() : result.cause();
		if (cause instanceof TooLongHttpLineException) {
			return Oversize.REQUEST_LINE;
		}
		if (cause instanceof TooLongHttpHeaderException) {
			return Oversize.HEADERS;
		}
		return null;
	}

	private static String client(SocketAddress address) {
		return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress()
				: String.valueOf(address);
	}

}
