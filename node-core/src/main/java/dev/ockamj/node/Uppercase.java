package dev.ockamj.node;

import java.util.Locale;

/** Replies to every String with the same String in upper case. */
public final class Uppercase implements Worker<String> {
    @Override
    public void handleMessage(Context ctx, Routed<String> msg) {
        ctx.send(msg.returnRoute(), msg.body().toUpperCase(Locale.ROOT));
    }
}
