package io.cpuidmask.report;

import io.cpuidmask.facts.FeatureCatalog;
import java.util.List;

/** The output formats and the renderer behind each. */
public final class Renderers {

    /** Output formats, as {@code --format} takes them. */
    public enum Format {
        text, json, md, html, junit, sarif, vmx, libvirt, qemu, xen, proxmox, nova, kubevirt
    }

    /** Without --format: a text summary on stdout plus json, md and html files. */
    public static final List<Format> DEFAULT_FORMATS = List.of(Format.text, Format.json, Format.md, Format.html);

    private Renderers() {
    }

    public static ReportRenderer forFormat(Format format, FeatureCatalog features, boolean warningsFail) {
        return switch (format) {
            case text -> new TextReportRenderer(features);
            case json -> new JsonReportRenderer();
            case md -> new MarkdownReportRenderer();
            case html -> new HtmlReportRenderer(features);
            case junit -> new JUnitReportRenderer(warningsFail);
            case sarif -> new SarifReportRenderer();
            case vmx -> new VmxReportRenderer();
            case libvirt -> new LibvirtReportRenderer();
            case qemu -> new QemuReportRenderer();
            case xen -> new XenReportRenderer();
            case proxmox -> new ProxmoxReportRenderer();
            case nova -> new NovaReportRenderer();
            case kubevirt -> new KubevirtReportRenderer();
        };
    }
}
