package io.cpuidmask.trust;

/**
 * Named by YAML tags in the hostile corpus ({@code !io.cpuidmask.trust.TagCanary}). If a parser ever
 * loaded or instantiated it, the system property {@value #PROPERTY} would be set: the tests check it
 * never is. No test refers to this class except through that property.
 */
public final class TagCanary {

    public static final String PROPERTY = "cpuidmask.test.tag-canary";

    static {
        System.setProperty(PROPERTY, "class initialised");
    }

    public TagCanary() {
        System.setProperty(PROPERTY, "instantiated");
    }

    public void setLeaf(String leaf) {
        System.setProperty(PROPERTY, "property set: leaf=" + leaf);
    }
}
