package org.pase4j.util;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** The software versions a result was made with, recorded next to every run and checkpoint. */
public final class Versions {

    private Versions() {}

    /** @return pase4j, Java, DJL and PyTorch versions, the OS, its CPU count and the malloc settings */
    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        String pase4j = Versions.class.getPackage().getImplementationVersion();
        v.put("pase4j", pase4j == null ? "development build" : pase4j);
        v.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        v.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        v.put("engine", engine.getEngineName() + " " + engine.getVersion());
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        v.put("malloc", MallocSettings.describe());
        return v;
    }
}
