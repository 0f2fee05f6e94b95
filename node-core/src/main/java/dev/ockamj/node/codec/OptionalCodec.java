package dev.ockamj.node.codec;

import java.util.Optional;

/** BARE optional&lt;T&gt;: {@code 00}, or {@code 01} ‖ T. */
final class OptionalCodec extends BareCodec<Optional<?>> {

    private final BareCodec<Object> element;

    OptionalCodec(String name, BareCodec<Object> element) {
        super(name);
        this.element = element;
    }

    @Override
    void write(BareWriter out, Optional<?> value) {
        if (value.isEmpty()) {
            out.u8(0);
        } else {
            out.u8(1);
            element.write(out, value.get());
        }
    }

    @Override
    Optional<?> read(BareReader in) {
        int tag = in.u8(name);
        if (tag == 0) {
            return Optional.empty();
        }
        if (tag != 1) {
            // serde_bare 0.5 reads the tag as a bool and would accept any non-zero byte; BARE says 0 or 1.
            throw in.failAt(name, in.position() - 1, "optional tag must be 0 or 1, got " + tag);
        }
        return Optional.of(element.read(in));
    }

    @Override
    int minSize() {
        return 1;
    }
}
