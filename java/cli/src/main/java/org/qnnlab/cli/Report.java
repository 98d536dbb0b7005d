package org.qnnlab.cli;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML report: inline CSS, every figure embedded as a base64 PNG (so the one file can be mailed or
 * archived), and for each experiment its question, paper, explanation, measured numbers and what they show.
 */
final class Report {

    private Report() {
    }

    /** An embedded figure; {@code file} names the PNG written beside the report. */
    record Figure(String id, String caption, byte[] png, String file) {
    }

    /** One measured number with what it means. */
    record Metric(String name, String value, String meaning) {
    }

    /**
     * One experiment.
     *
     * @param id          anchor id
     * @param title       heading
     * @param reference   the paper it reproduces
     * @param explanation what is measured and why (HTML allowed: trusted text from this program)
     * @param finding     what the numbers show, in one or two sentences
     * @param metrics     the measured numbers
     * @param figures     the plots
     * @param seconds     wall time of the experiment
     */
    record Section(String id, String title, String reference, String explanation, String finding,
            List<Metric> metrics, List<Figure> figures, double seconds) {
    }

    /** Renders the report. {@code run} lists run parameters, versions, kernel and wall time, in order. */
    static String html(String title, String intro, Map<String, String> run, List<Section> sections) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(esc(title)).append("</h1>\n<p class=\"intro\">").append(intro)
                .append("</p>\n<nav><ol>\n");
        for (Section s : sections) {
            h.append("<li><a href=\"#").append(s.id()).append("\">").append(esc(s.title())).append("</a></li>\n");
        }
        h.append("</ol></nav>\n");
        for (Section s : sections) {
            h.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n")
                    .append("<p class=\"ref\">").append(esc(s.reference())).append("</p>\n<p>")
                    .append(s.explanation()).append("</p>\n<p class=\"finding\"><b>Result.</b> ")
                    .append(esc(s.finding())).append("</p>\n<table>\n<tr><th>measured</th><th>value</th>")
                    .append("<th>meaning</th></tr>\n");
            for (Metric m : s.metrics()) {
                h.append("<tr><td>").append(esc(m.name())).append("</td><td class=\"num\">").append(esc(m.value()))
                        .append("</td><td>").append(esc(m.meaning())).append("</td></tr>\n");
            }
            h.append("</table>\n<div class=\"figs\">\n");
            for (Figure f : s.figures()) {
                h.append("<figure><img id=\"").append(f.id()).append("\" alt=\"").append(esc(f.caption()))
                        .append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption>")
                        .append(esc(f.caption())).append(" <span class=\"file\">(").append(esc(f.file()))
                        .append(")</span></figcaption></figure>\n");
            }
            h.append(String.format(java.util.Locale.ROOT, "</div>\n<p class=\"time\">wall time %.1f s</p>\n"
                    + "</section>\n", s.seconds()));
        }
        h.append("<section id=\"run\">\n<h2>Run</h2>\n<table>\n");
        for (Map.Entry<String, String> e : run.entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n").append(FIGURE_CHECK).append("</body>\n</html>\n");
        return h.toString();
    }

    /** Escapes text for HTML. */
    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /**
     * Marks the body with how many figures decoded ({@code data-figures="k/n"}) once the page has loaded, so a
     * headless browser test can check them from the dumped DOM.
     */
    private static final String FIGURE_CHECK = """
            <script>
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.querySelectorAll('figure img'));
              var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
              document.body.setAttribute('data-figures', ok + '/' + imgs.length);
            });
            </script>
            """;

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em;
                   color: #222; line-height: 1.45; }
            h1 { font-size: 1.7em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 2em; }
            .intro { font-size: 1.05em; } .ref { color: #555; font-style: italic; }
            .finding { background: #f3f7ff; border-left: 4px solid #4a74d8; padding: .5em .8em; }
            table { border-collapse: collapse; margin: .8em 0; }
            td, th { border: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }
            th { background: #f5f5f5; } td.num { font-family: ui-monospace, monospace; }
            .figs { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; max-width: 480px; }
            figure img { width: 100%; border: 1px solid #eee; } figcaption { font-size: .9em; color: #444; }
            .file { color: #888; } .time { color: #888; font-size: .85em; }
            """;
}
