package org.pase4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.model.PaseModel;

/**
 * Copies of a model for data-parallel training, one per extra device: replica 0 is the model itself (its
 * parameters are the ones the optimisers update and the checkpoints save), replicas 1 to N − 1 are built from
 * the same specification on their own devices. Before each step {@link #broadcast} copies every parameter of
 * replica 0 to the others (BatchNorm's running statistics included, so they are replica 0's, which sees its own
 * share of each batch); after the backward passes {@link #reduceGradients} adds the others' gradients to
 * replica 0's and zeroes theirs.
 */
final class Replicas implements AutoCloseable {

    private final PaseModel main;
    private final NDManager mainManager;
    private final List<PaseModel> copies = new ArrayList<>();
    private final List<NDManager> managers = new ArrayList<>();

    /**
     * Builds the copies and gives them replica 0's target statistics.
     *
     * @param main the initialised model, replica 0
     * @param mainManager the manager of its parameters
     * @param devices every replica's device, replica 0's first
     * @param chunkSize the chunk size the models are initialised for
     */
    Replicas(PaseModel main, NDManager mainManager, List<Device> devices, int chunkSize) {
        this.main = main;
        this.mainManager = mainManager;
        try {
            for (Device device : devices.subList(1, devices.size())) {
                NDManager manager = NDManager.newBaseManager(device);
                managers.add(manager);
                PaseModel copy = new PaseModel(main.spec());
                copy.initialize(manager, chunkSize);
                for (Map.Entry<String, TargetNormalizer> n : main.normalizers().entrySet()) {
                    copy.setNormalizer(n.getKey(), TargetNormalizer.decode(n.getValue().encode(), manager));
                }
                copies.add(copy);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return the number of replicas, replica 0 included */
    int size() {
        return copies.size() + 1;
    }

    /**
     * @param r the replica
     * @return its model
     */
    PaseModel model(int r) {
        return r == 0 ? main : copies.get(r - 1);
    }

    /**
     * @param r the replica
     * @return the manager of its parameters
     */
    NDManager manager(int r) {
        return r == 0 ? mainManager : managers.get(r - 1);
    }

    /** Copies replica 0's parameters into every other replica (through host memory, which works between any devices). */
    void broadcast() {
        List<Parameter> from = parameters(main);
        for (PaseModel copy : copies) {
            List<Parameter> to = parameters(copy);
            for (int i = 0; i < from.size(); i++) {
                to.get(i).getArray().set(from.get(i).getArray().toByteBuffer());
            }
        }
    }

    /**
     * Adds the gradients of replicas 1 to {@code used − 1} to replica 0's and zeroes theirs.
     *
     * @param used how many replicas ran a backward pass this step (the first ones)
     * @param scratch the manager of the step's temporary arrays
     */
    void reduceGradients(int used, NDManager scratch) {
        List<Parameter> to = parameters(main);
        for (int r = 1; r < used; r++) {
            List<Parameter> from = parameters(copies.get(r - 1));
            for (int i = 0; i < to.size(); i++) {
                if (!to.get(i).requiresGradient()) {
                    continue;
                }
                NDArray gradient = from.get(i).getArray().getGradient();
                NDArray sum = to.get(i).getArray().getGradient();
                gradient.attach(scratch);
                sum.attach(scratch);
                sum.addi(gradient.toDevice(sum.getDevice(), false));
                gradient.subi(gradient);
            }
        }
    }

    private static List<Parameter> parameters(PaseModel model) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.encoder().getParameters()) {
            out.add(p.getValue());
        }
        model.workers().forEach(w -> w.worker().getParameters().forEach(p -> out.add(p.getValue())));
        return out;
    }

    /** Frees the copies' parameters (replica 0 belongs to its owner). */
    @Override
    public void close() {
        copies.forEach(c -> c.normalizers().values().forEach(TargetNormalizer::close));
        managers.forEach(NDManager::close);
    }
}
