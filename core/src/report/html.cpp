// SPDX-License-Identifier: Apache-2.0
// HTML escaping and the page frame (style sheet, navigation, script) of every HTML report.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "report/html_page.hpp"
#include "wiretrace/report/html.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::report {
namespace {

// The style sheet of every page. Passage colours: twelve pastel hues far enough apart that
// neighbouring passages never look alike; edits use stronger marks on top of them.
constexpr std::string_view kStyle = R"css(
:root{--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--bg2:#f6f8fa;--ins:#dafbe1;--ins-line:#1a7f37;
--del:#ffebe9;--del-line:#cf222e;--resp-line:#9a6700;--subst-line:#8250df;--para-line:#6639ba;
font-family:"DejaVu Sans","Liberation Sans",system-ui,sans-serif;font-size:15px;color:var(--fg)}
*{box-sizing:border-box}
html,body{margin:0;background:#fff}
a{color:#0969da}
nav{padding:.35rem 1rem;background:var(--bg2);border-bottom:1px solid var(--line);font-size:.9rem}
nav a{margin-right:1.2rem}
body.pair{display:flex;flex-direction:column;height:100vh}
body.pair header{flex:none}
header{padding:.7rem 1rem .6rem;border-bottom:1px solid var(--line)}
h1{font-size:1.2rem;margin:0 0 .45rem;font-weight:600}
.rel{display:inline-block;padding:.1rem .6rem;border-radius:1rem;color:#fff;background:#57606a;font-size:.8rem;
text-transform:uppercase;letter-spacing:.04em;vertical-align:.15em;margin-right:.4rem}
.rel.duplicate,.rel.near-duplicate{background:#8250df}.rel.rewrite{background:#0969da}.rel.version{background:#1a7f37}.rel.same-story{background:#9a6700}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:.88rem;align-items:baseline}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.evidence{margin:.1rem 0 0;padding-left:1.1rem;color:var(--muted)}
.bar{display:inline-block;width:9rem;height:.65rem;background:#eaeef2;border-radius:.3rem;overflow:hidden;
vertical-align:-.02em;margin-right:.35rem}
.bar>span{display:block;height:100%;background:#2da44e}
.legend span{margin-right:.9rem;white-space:nowrap}
.note{color:var(--muted)}
main.cols{flex:1;min-height:0;display:grid;grid-template-columns:1fr 1fr}
.side{overflow:auto;border-right:1px solid var(--line);scroll-behavior:smooth}
.side:last-child{border-right:none}
.side h2{position:sticky;top:0;z-index:2;margin:0;padding:.5rem 1rem;font-size:.95rem;font-weight:600;
background:var(--bg2);border-bottom:1px solid var(--line)}
.side h2 .meta{display:block;font-weight:400;color:var(--muted);font-size:.8rem;margin-top:.1rem}
.who{display:inline-block;min-width:1.5rem;text-align:center;border-radius:.25rem;background:var(--fg);color:#fff;
margin-right:.3rem}
.role{font-weight:400;color:var(--muted);margin-right:.4rem}
.id{word-break:break-all}
td,dd,h1,h2,p,a,.id,.meta{unicode-bidi:isolate}
td,dd,h1,h2,.meta{overflow-wrap:anywhere}
.text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.6;padding:.8rem 1.1rem 3rem;font-size:.95rem}
.text.empty{color:var(--muted);font-style:italic}
.p{border-radius:.2rem;padding:.1rem 0;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.p.moved{outline:2px dashed #bc4c00;outline-offset:1px}
.pn{display:inline-block;font-size:.7rem;font-weight:700;line-height:1.2;padding:0 .35rem;margin-right:.25rem;
border-radius:.6rem;color:var(--fg);text-decoration:none;border:1px solid rgba(0,0,0,.25);vertical-align:.1em}
.pn.moved{border:2px dashed #bc4c00}
.para{background:repeating-linear-gradient(-45deg,#f3f0ff,#f3f0ff 4px,#fff 4px,#fff 8px);
border-bottom:2px dotted var(--para-line);-webkit-box-decoration-break:clone;box-decoration-break:clone}
.pn.para{background:#fff;border:1.5px dotted var(--para-line);color:var(--para-line)}
.pn.para::before{content:"~" attr(data-n)}
.c0{background:#cfe3ff}.c1{background:#ffe0b8}.c2{background:#e4d7ff}.c3{background:#fff0a8}.c4{background:#c9eef5}
.c5{background:#f6d9f4}.c6{background:#d8dde8}.c7{background:#ffd19a}.c8{background:#d2e4f7}.c9{background:#ede0c8}
.c10{background:#e0ccff}.c11{background:#bfe0ea}
.e{color:inherit;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.e{background:#fff;border:1.5px solid;border-radius:.25rem;padding:0 .1rem}
mark.respelling{border-color:var(--resp-line)}
mark.substitution{border-color:var(--subst-line)}
mark::after{font-size:.72em;font-weight:600;padding:0 .15em;margin-left:.1em;border-radius:.2em;white-space:nowrap}
mark.respelling::after{color:var(--resp-line)}mark.substitution::after{color:var(--subst-line)}
#text-a mark::after{content:"\2192\00a0" attr(data-other)}
#text-b mark::after{content:"\2190\00a0" attr(data-other)}
ins.insertion{background:var(--ins);text-decoration:none;border-bottom:2px solid var(--ins-line)}
del.deletion{background:var(--del);text-decoration:line-through;text-decoration-color:rgba(207,34,46,.55)}
ins.block,del.block{border-bottom:none;padding:.1rem 0}
del.block{text-decoration:none;color:#5c2b2e}
ins.block::before,del.block::before{font-size:.68rem;font-weight:700;padding:0 .3rem;margin:0 .3rem 0 .25rem;
border-radius:.5rem;color:#fff;vertical-align:.1em}
ins.block::before{content:"+ only in B";background:var(--ins-line)}
del.block::before{content:"\2212 only in A";background:var(--del-line)}
a.gap{text-decoration:none;font-weight:700;font-size:.8em;padding:0 .1em;border-radius:.2em}
a.gap.insertion{color:var(--ins-line)}a.gap.insertion::before{content:"+"}
a.gap.deletion{color:var(--del-line)}a.gap.deletion::before{content:"\2212"}
.hl{outline:3px solid #0969da!important;outline-offset:1px}
.swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:.2rem;vertical-align:-.12em;margin-right:.25rem}
body.list{max-width:1400px;margin:0 auto}
body.list main{padding:.5rem 1rem 2rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{padding:.3rem .55rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--bg2);position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.tree{white-space:nowrap}
.pages a,.pages b{margin-right:.5rem}
.muted{color:var(--muted)}
.unknown{color:#9a6700;font-weight:600;font-size:.8rem}
table.sortable th{cursor:pointer}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
input.filter{margin:.3rem 0 .5rem;padding:.25rem .5rem;width:20rem;max-width:100%;font:inherit}
)css";

// Hovering a passage or an edit outlines it and its twin in the other text; clicking one scrolls
// the other text to the twin. The attribute values are numbers wiretrace wrote.
constexpr std::string_view kScript = R"js(
(function(){
function twins(el){var k=el.hasAttribute('data-edit')?'data-edit':'data-passage';
return document.querySelectorAll('['+k+'="'+el.getAttribute(k)+'"]');}
document.addEventListener('mouseover',function(ev){
document.querySelectorAll('.hl').forEach(function(x){x.classList.remove('hl');});
var t=ev.target.closest&&ev.target.closest('.text [data-edit],.text [data-passage]');
if(t)twins(t).forEach(function(x){x.classList.add('hl');});});
document.addEventListener('click',function(ev){
var t=ev.target.closest&&ev.target.closest('.text [data-edit],.text [data-passage]');
if(!t||ev.target.closest('a'))return;var side=t.closest('.side');
twins(t).forEach(function(x){if(x.closest('.side')!==side&&x.scrollIntoView)x.scrollIntoView({block:'center'});});});
function key(td){var t=td?td.textContent.trim():'';return /^-?\d+(\.\d+)?%?$/.test(t)?parseFloat(t):t.toLowerCase();}
function sortBy(table,col,up){var heads=table.querySelectorAll('thead th'),body=table.tBodies[0];
heads.forEach(function(x){x.removeAttribute('aria-sort');});heads[col].setAttribute('aria-sort',up?'ascending':'descending');
var rows=Array.prototype.slice.call(body.rows);rows.sort(function(r,s){var x=key(r.cells[col]),y=key(s.cells[col]);
if(typeof x!==typeof y){x=String(x);y=String(y);}return (x<y?-1:x>y?1:0)*(up?1:-1);});
rows.forEach(function(r){body.appendChild(r);});}
document.querySelectorAll('table.sortable').forEach(function(table){
table.querySelectorAll('thead th').forEach(function(th,col){th.addEventListener('click',function(){
sortBy(table,col,th.getAttribute('aria-sort')!=='ascending');});});
var m=/^#sort=(\d+)(-?)$/.exec(location.hash);
if(m&&+m[1]<table.querySelectorAll('thead th').length)sortBy(table,+m[1],m[2]!=='-');});
document.querySelectorAll('table.filterable').forEach(function(table){
var box=document.createElement('input');box.type='search';box.className='filter';
box.placeholder='filter rows (id, outlet, title...)';box.setAttribute('aria-label','filter rows');
table.parentNode.insertBefore(box,table);box.addEventListener('input',function(){var q=box.value.toLowerCase();
Array.prototype.forEach.call(table.tBodies[0].rows,function(r){
r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});});});
})();
)js";

}  // namespace

void append_html_escaped(std::string& out, std::string_view s) {
    const std::string shown = text::escape_controls(s, text::LineBreaks::keep);
    s = shown;
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::string_view entity;
        switch (s[i]) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&#39;"; break;
            default: continue;
        }
        out.append(s.data() + run, i - run);
        out.append(entity);
        run = i + 1;
    }
    out.append(s.data() + run, s.size() - run);
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_html_escaped(out, s);
    return out;
}

namespace detail {

void begin_html_page(std::string& out, std::string_view title, std::string_view body_class) {
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"wiretrace\">\n<title>";
    append_html_escaped(out, title);
    out += "</title>\n<style>";
    out += kStyle;
    out += "</style>\n</head>\n<body class=\"";
    append_html_escaped(out, body_class);
    out += "\">\n";
}

void end_html_page(std::string& out) {
    out += "<script>";
    out += kScript;
    out += "</script>\n</body>\n</html>\n";
}

void append_link(std::string& out, std::string_view href, std::string_view label, std::string_view cls) {
    out += "<a href=\"";
    append_html_escaped(out, href);
    out += '"';
    if (!cls.empty()) {
        out += " class=\"";
        append_html_escaped(out, cls);
        out += '"';
    }
    out += '>';
    append_html_escaped(out, label);
    out += "</a>";
}

void append_bdi(std::string& out, std::string_view s) {
    out += "<bdi>";
    append_html_escaped(out, s);
    out += "</bdi>";
}

void append_nav(std::string& out, const std::vector<HtmlLink>& links) {
    if (links.empty()) return;
    out += "<nav>";
    for (const HtmlLink& l : links) append_link(out, l.href, l.label);
    out += "</nav>\n";
}

std::string percent(double share) {
    return fmt::format("{:.0f}%", 100 * std::clamp(std::isfinite(share) ? share : 0.0, 0.0, 1.0));
}

void append_bar(std::string& out, double share) {
    const std::string p = percent(share);
    out += fmt::format("<span class=\"bar\"><span style=\"width:{}\"></span></span>{}", p, p);
}

}  // namespace detail
}  // namespace wiretrace::report
