/**
 * The page's only script: click a flame graph frame to zoom to it, "reset" (or Escape) to zoom out.
 * It touches nothing but the flame graphs; the page is complete without it.
 */
import { shorten } from '../../../core/shorten.js';

export const REPORT_JS = `(function(){
'use strict';
var shorten=${shorten.toString()};
function fit(s,px){var m=Math.floor(px/6.6);if(m<=1)return '';return shorten(s,m);}
function zoom(svg,x0,w0,d0){
  var gs=svg.querySelectorAll('g.f');
  for(var i=0;i<gs.length;i++){
    var g=gs[i],x=+g.getAttribute('data-x'),w=+g.getAttribute('data-w'),d=+g.getAttribute('data-d');
    var nx=(x-x0)/w0,nw=w/w0;
    if(d>=d0&&(nx>=1-1e-9||nx+nw<=1e-9)){g.setAttribute('visibility','hidden');continue;}
    if(d<d0){nx=0;nw=1;}
    if(nx<0){nw+=nx;nx=0;}if(nx+nw>1){nw=1-nx;}
    g.removeAttribute('visibility');
    var r=g.querySelector('rect'),t=g.querySelector('text');
    r.setAttribute('x',(nx*1000).toFixed(2));r.setAttribute('width',Math.max(0.5,nw*1000-0.5).toFixed(2));
    t.setAttribute('x',(nx*1000+3).toFixed(2));t.textContent=fit(g.getAttribute('data-n')||'',nw*1000-6);
  }
}
var svgs=document.querySelectorAll('svg.flame');
for(var k=0;k<svgs.length;k++){(function(svg){
  svg.addEventListener('click',function(e){var g=e.target.closest&&e.target.closest('g.f');if(!g)return;
    zoom(svg,+g.getAttribute('data-x'),+g.getAttribute('data-w'),+g.getAttribute('data-d'));});
  svg.addEventListener('keydown',function(e){var g=e.target.closest&&e.target.closest('g.f');
    if(e.key==='Enter'&&g)zoom(svg,+g.getAttribute('data-x'),+g.getAttribute('data-w'),+g.getAttribute('data-d'));
    if(e.key==='Escape')zoom(svg,0,1,0);});
  var b=document.querySelector('button[data-reset="'+svg.id+'"]');
  if(b)b.addEventListener('click',function(){zoom(svg,0,1,0);});
})(svgs[k]);}
})();`;
