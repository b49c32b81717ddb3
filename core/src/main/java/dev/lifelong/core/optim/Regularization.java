package dev.lifelong.core.optim;

/**
 * Weight penalties shared by every optimizer.
 *
 * @param l2          coupled L2: {@code l2 * w} is added to the gradient before the update rule (so Adam and
 *                    Adagrad rescale it)
 * @param weightDecay decoupled decay (AdamW): {@code w -= lr * weightDecay * w} after the update rule
 */
public record Regularization(float l2, float weightDecay) {

    public static final Regularization NONE = new Regularization(0f, 0f);

    public Regularization {
        if (!(l2 >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("l2 and weight decay must be >= 0, got " + l2 + ", " + weightDecay);
        }
    }
}
